package io.st4j.losses;

import io.st4j.core.SentenceTransformer;

/** BibTeX entries of the methods, as sentence-transformers' {@code citation} properties give them. */
final class Citations {

    private Citations() {
    }

    static final String SBERT = SentenceTransformer.CITATION + "\n";

    static final String INFO_NCE = """
            @misc{oord2019representationlearningcontrastivepredictive,
                  title={Representation Learning with Contrastive Predictive Coding},
                  author={Aaron van den Oord and Yazhe Li and Oriol Vinyals},
                  year={2019},
                  eprint={1807.03748},
                  archivePrefix={arXiv},
                  primaryClass={cs.LG},
                  url={https://arxiv.org/abs/1807.03748},
            }
            """;

    static final String GTE = """
            @misc{li2023generaltextembeddingsmultistage,
                  title={Towards General Text Embeddings with Multi-stage Contrastive Learning},
                  author={Zehan Li and Xin Zhang and Yanzhao Zhang and Dingkun Long and Pengjun Xie and Meishan Zhang},
                  year={2023},
                  eprint={2308.03281},
                  archivePrefix={arXiv},
                  primaryClass={cs.CL},
                  url={https://arxiv.org/abs/2308.03281},
            }
            """;

    static final String JINA2 = """
            @misc{günther2024jinaembeddings28192token,
                  title={Jina Embeddings 2: 8192-Token General-Purpose Text Embeddings for Long Documents},
                  author={Michael Günther and Jackmin Ong and Isabelle Mohr and Alaeddine Abdessalem and Tanguy Abel and Mohammad Kalim Akram and Susana Guzman and Georgios Mastrapas and Saba Sturua and Bo Wang and Maximilian Werk and Nan Wang and Han Xiao},
                  year={2024},
                  eprint={2310.19923},
                  archivePrefix={arXiv},
                  primaryClass={cs.CL},
                  url={https://arxiv.org/abs/2310.19923},
            }
            """;

    static final String GRAD_CACHE = """
            @misc{gao2021scaling,
                title={Scaling Deep Contrastive Learning Batch Size under Memory Limited Setup},
                author={Luyu Gao and Yunyi Zhang and Jiawei Han and Jamie Callan},
                year={2021},
                eprint={2101.06983},
                archivePrefix={arXiv},
                primaryClass={cs.LG}
            }
            """;

    static final String COSENT = """
            @online{kexuefm-8847,
                title={CoSENT: A more efficient sentence vector scheme than Sentence-BERT},
                author={Su Jianlin},
                year={2022},
                month={Jan},
                url={https://kexue.fm/archives/8847},
            }
            """;

    static final String ANGLE = """
            @misc{li2023angleoptimized,
                title={AnglE-optimized Text Embeddings},
                author={Xianming Li and Jing Li},
                year={2023},
                eprint={2309.12871},
                archivePrefix={arXiv},
                primaryClass={cs.CL}
            }
            """;

    static final String CONTRASTIVE = """
            @inproceedings{hadsell2006dimensionality,
                author={Hadsell, R. and Chopra, S. and LeCun, Y.},
                booktitle={2006 IEEE Computer Society Conference on Computer Vision and Pattern Recognition (CVPR'06)},
                title={Dimensionality Reduction by Learning an Invariant Mapping},
                year={2006},
                volume={2},
                number={},
                pages={1735-1742},
                doi={10.1109/CVPR.2006.100}
            }
            """;

    static final String TRIPLET = """
            @misc{hermans2017defense,
                title={In Defense of the Triplet Loss for Person Re-Identification},
                author={Alexander Hermans and Lucas Beyer and Bastian Leibe},
                year={2017},
                eprint={1703.07737},
                archivePrefix={arXiv},
                primaryClass={cs.CV}
            }
            """;

    static final String TRIPLET_FACENET = """
            @misc{schroff2015facenet,
                title={FaceNet: A Unified Embedding for Face Recognition and Clustering},
                author={Florian Schroff and Dmitry Kalenichenko and James Philbin},
                year={2015},
                eprint={1503.03832},
                archivePrefix={arXiv},
                primaryClass={cs.CV}
            }
            """;

    static final String MULTILINGUAL = """
            @inproceedings{reimers-2020-multilingual-sentence-bert,
                title = "Making Monolingual Sentence Embeddings Multilingual using Knowledge Distillation",
                author = "Reimers, Nils and Gurevych, Iryna",
                booktitle = "Proceedings of the 2020 Conference on Empirical Methods in Natural Language Processing",
                month = "11",
                year = "2020",
                publisher = "Association for Computational Linguistics",
                url = "https://arxiv.org/abs/2004.09813",
            }
            """;

    static final String MARGIN_MSE = """
            @misc{hofstätter2021improving,
                title={Improving Efficient Neural Ranking Models with Cross-Architecture Knowledge Distillation},
                author={Sebastian Hofstätter and Sophia Althammer and Michael Schröder and Mete Sertkan and Allan Hanbury},
                year={2021},
                eprint={2010.02666},
                archivePrefix={arXiv},
                primaryClass={cs.IR}
            }
            """;

    static final String DISTILL_KL = """
            @misc{lin2020distillingdenserepresentationsranking,
                  title={Distilling Dense Representations for Ranking using Tightly-Coupled Teachers},
                  author={Sheng-Chieh Lin and Jheng-Hong Yang and Jimmy Lin},
                  year={2020},
                  eprint={2010.11386},
                  archivePrefix={arXiv},
                  primaryClass={cs.IR},
                  url={https://arxiv.org/abs/2010.11386},
            }
            """;

    static final String EMBED_DISTILL = """
            @article{kim2023embeddistill,
                title={EmbedDistill: A Geometric Knowledge Distillation for Information Retrieval},
                author={Kim, Seungyeon and Rawat, Ankit Singh and Zaheer, Manzil and Jayasumana, Sadeep and Sadhanala, Veeranjaneyulu and Jitkrittum, Wittawat and Menon, Aditya Krishna and Fergus, Rob and Kumar, Sanjiv},
                year={2023},
                eprint={2301.12005},
                archivePrefix={arXiv},
                primaryClass={cs.IR}
            }
            """;

    static final String GOR = """
            @misc{zhang2017learningspreadoutlocalfeature,
                  title={Learning Spread-out Local Feature Descriptors},
                  author={Xu Zhang and Felix X. Yu and Sanjiv Kumar and Shih-Fu Chang},
                  year={2017},
                  eprint={1708.06320},
                  archivePrefix={arXiv},
                  primaryClass={cs.CV},
                  url={https://arxiv.org/abs/1708.06320},
            }
            """;

    static final String GIST = """
            @misc{solatorio2024gistembed,
                title={GISTEmbed: Guided In-sample Selection of Training Negatives for Text Embedding Fine-tuning},
                author={Aivin V. Solatorio},
                year={2024},
                eprint={2402.16829},
                archivePrefix={arXiv},
                primaryClass={cs.LG}
            }
            """;

    static final String MEGA_BATCH = """
            @inproceedings{wieting-gimpel-2018-paranmt,
                title = "{P}ara{NMT}-50{M}: Pushing the Limits of Paraphrastic Sentence Embeddings with Millions of Machine Translations",
                author = "Wieting, John and Gimpel, Kevin",
                booktitle = "Proceedings of the 56th Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)",
                month = jul,
                year = "2018",
                address = "Melbourne, Australia",
                publisher = "Association for Computational Linguistics",
                url = "https://aclanthology.org/P18-1042",
                doi = "10.18653/v1/P18-1042",
                pages = "451--462",
            }
            """;

    static final String CONTRASTIVE_TENSION = """
            @inproceedings{carlsson2021semantic,
                title={Semantic Re-tuning with Contrastive Tension},
                author={Fredrik Carlsson and Amaru Cuba Gyllensten and Evangelia Gogoulou and Erik Ylip{\\"a}{\\"a} Hellqvist and Magnus Sahlgren},
                booktitle={International Conference on Learning Representations},
                year={2021},
                url={https://openreview.net/forum?id=Ov_sMNau-PF}
            }
            """;

    static final String MATRYOSHKA = """
            @misc{kusupati2024matryoshka,
                title={Matryoshka Representation Learning},
                author={Aditya Kusupati and Gantavya Bhatt and Aniket Rege and Matthew Wallingford and Aditya Sinha and Vivek Ramanujan and William Howard-Snyder and Kaifeng Chen and Sham Kakade and Prateek Jain and Ali Farhadi},
                year={2024},
                eprint={2205.13147},
                archivePrefix={arXiv},
                primaryClass={cs.LG}
            }
            """;

    static final String TWO_D_MATRYOSHKA = """
            @misc{li20242d,
                title={2D Matryoshka Sentence Embeddings},
                author={Xianming Li and Zongxi Li and Jing Li and Haoran Xie and Qing Li},
                year={2024},
                eprint={2402.14776},
                archivePrefix={arXiv},
                primaryClass={cs.CL}
            }
            """;
}
