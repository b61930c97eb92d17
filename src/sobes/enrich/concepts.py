"""Key concepts of a DS/ML question, the same for Russian, Ukrainian and English.

Embeddings say two questions are *near*; concepts say whether they ask about the *same
thing*. "XAI in NLP" and "XAI in CV" embed almost identically but name different
contexts; "Dropout" in Russian and in Ukrainian name the same concept. Each concept is
a list of word-start stems in the three languages; qualifier concepts narrow a question
to a setting (seq2seq, images, time series...), so a question that adds one is a
different, more specific question.
"""

from __future__ import annotations

import re
from functools import lru_cache

# concept -> stems (lowercase, matched at word starts; "a b" means word a then word b).
CONCEPTS: dict[str, list[str]] = {
    "dropout": ["dropout", "дропаут", "дроп-аут", "прореживан"],  # "прореживание" is the Russian term
    "batchnorm": ["batch norm", "batchnorm", "батч-норм", "батчнорм", "батч норм", "пакетн нормализ"],
    "saturation": ["насыщен", "насичен", "saturat", "насыща", "насича"],
    "vanishing": ["vanish", "затуха", "зникаюч", "зникл", "зника", "згаса", "исчеза"],
    "exploding": ["взрыв", "вибух", "explod", "exploding", "взрывающ", "вибухаюч", "вибухов"],
    "gradient": ["gradient", "градиент", "градієнт"],
    "descent": ["descent", "спуск"],
    "stochastic": ["stochastic", "стохастич", "sgd"],
    "momentum": ["momentum", "моментум", "импульс", "імпульс"],
    "adam": ["adam"],
    "rmsprop": ["rmsprop"],
    "learning_rate": ["шаг обучен", "крок навчан", "темп обучен", "темп навчан", "learning rate", "скорост обучен",
                      "швидкіст навчан", "швидкост навчан", "lr"],
    "bagging": ["bagging", "бэггинг", "беггинг", "бегінг", "беггінг", "бегинг"],
    "boosting": ["boosting", "бустинг", "бустінг"],
    "stacking": ["stacking", "стекинг", "стэкинг", "стекінг"],
    "random_forest": ["randomforest", "random forest", "случайн лес", "випадков ліс"],
    "decision_tree": ["decision tree", "дерев решен", "дерев рішен"],
    "imbalance": ["imbalanc", "дисбаланс", "несбалансир", "незбалансов", "нерівномірн", "unbalanc",
                  "несбаланс", "незбаланс", "переважа", "преоблада", "minority class", "majority class",
                  "редк класс", "рідкісн клас", "міноритарн", "миноритарн", "skewed class"],
    "missing": ["missing", "пропуск", "пропущен", "відсутн значен", "отсутствующ значен", "nan"],
    "categorical": ["categorical", "категориальн", "категоріальн"],
    "overfitting": ["overfit", "переобуч", "перенавч", "оверфіт", "оверфит", "переподгон"],
    "underfitting": ["underfit", "недообуч", "недонавч"],
    "regularization": ["regulari", "регуляриз", "регулиз", "регулязир"],
    "l1": ["l1", "lasso"],
    "l2": ["l2", "ridge"],
    "loss": ["loss", "функци потер", "функці втрат", "лосс"],
    "cross_entropy": ["перехресн ентроп", "кросентроп", "кроссэнтроп", "logloss", "log loss", "log-loss", "логлосс",
                      "cross-entropy", "cross entropy", "кросс-энтроп", "крос-ентроп", "перекрестн энтроп"],
    "validation": ["validat", "валидац", "валідац", "валидационн", "валідаційн"],
    "cross_validation": ["cross-valid", "cross valid", "кросс-валид", "кросвалид", "крос-валід", "кросвалід",
                         "перекрестн провер", "перехресн перевір", "k-fold", "kfold", "stratifiedkfold", "groupkfold",
                         "timeseriessplit"],
    "precision": ["precision", "точност", "точніст"],
    "recall": ["recall", "полнот", "повнот"],
    "accuracy": ["accuracy", "аккуратн", "доля правильн"],
    "f1": ["f1", "f-мер", "f-score", "f1-score"],
    "roc_auc": ["roc", "auc"],
    "confusion": ["confusion", "матриц ошиб", "матриц помил"],
    "metric": ["metric", "метрик", "evaluat", "оценива", "оцінюва", "оценить качеств", "оцінити якіст",
               "оценк качеств", "оцінк якост"],
    "clustering": ["cluster", "кластер"],
    "kmeans": ["k-means", "kmeans", "k-средн", "k-середн"],
    "svm": ["svm", "support vector", "опорн вектор"],
    "logistic": ["logistic", "логистич", "логістичн"],
    "linear_regression": ["linear regress", "линейн регресс", "лінійн регрес"],
    "classification": ["classif", "классифик", "класифік"],
    "regression": ["regress", "регресс", "регрес"],
    "outlier": ["outlier", "выброс", "викид", "аномал", "anomal"],
    "feature_engineering": ["feature generation", "конструирован признак", "создани признак", "створенн ознак",
                            "генераці ознак", "конструюван ознак", "feature engineer", "инженери признак",
                            "інженері ознак", "фічер інжин",
                            "генераци признак"],
    "feature_selection": ["feature select", "отбор признак", "відбір ознак", "селекці", "select", "отбира признак",
                          "отобра признак", "відбира ознак", "відібра ознак"],
    "leakage": ["протек", "протеч", "протёк", "протік", "протіка", "data leak", "target leak", "label leak",
                "leakage", "утечк", "витік", "витоку", "витоки"],
    "normalization": ["normaliz", "нормализ", "нормаліз", "масштабир", "масштабуван", "scaling", "standardiz",
                      "стандартиз", "scaler", "standardscaler", "minmaxscaler", "robustscaler", "скейлер"],
    "one_hot": ["one-hot", "one hot", "ohe"],
    "bias_variance": ["bias-variance", "bias variance", "bias and variance", "смещени дисперс", "зміщенн дисперс",
                      "смещени и дисперс", "зміщенн і дисперс", "зміщенн та дисперс",
                      "зсув дисперс", "зсув і дисперс", "зсув та дисперс"],
    "hyperparameter": ["hyperparam", "гиперпарам", "гіперпарам", "гиперапарам"],
    # Reducing dimensionality, not any "dimension of the keys" or "curse of dimensionality".
    "pca": ["pca", "principal component", "главн компонент", "головн компонент", "dimensionality reduc",
            "reduce dimensionality", "reducing dimensionality", "снижени размерност", "понижени размерност",
            "уменьшени размерност", "снизить размерност", "понизить размерност", "уменьшить размерност",
            "зниженн розмірност", "зменшенн розмірност", "знизити розмірніст", "зменшити розмірніст",
            "зниженн вимірн", "зменшенн вимірн"],
    "naive_bayes": ["naive bayes", "наивн байес", "наївн баєс", "наивн", "наївн"],
    "bayes": ["bayes", "байес", "баєс", "байєс"],
    "pvalue": ["p-value", "p value", "p-значен", "пи-значен"],
    "confidence_interval": ["confidence interval", "доверительн интервал", "довірч інтервал"],
    "prediction_interval": ["prediction interval", "интервал прогноз", "інтервал прогноз", "прогнозн интервал",
                            "прогнозн інтервал", "интервал предсказан", "інтервал передбачен"],
    "multiple_comparisons": ["множинн тест", "множественн тест", "multiple hypothes", "multiple comparison",
                             "multiple testing", "множественн сравнен", "множинн порівнян",
                             "множественн проверк", "множинн перевір", "bonferroni", "бонферрон", "fdr"],
    "peeking": ["peeking", "подглядыван", "підглядан", "early stopping of a test", "досрочн останов"],
    "srm": ["sample ratio mismatch", "srm"],
    "type_errors": ["type i", "type ii", "ошибк перв", "ошибк втор", "помилк перш", "помилк друг",
                    "first type", "second type", "first kind", "ошибк i", "помилк i", "помилк type"],
    "ab_test": ["аб-тест", "аб тест", "ab-test", "сплит-тест", "спліт-тест", "split test", "split-test", "a/b",
                "ab-тест", "ab test", "а/б"],
    "sample_size": ["sample size", "размер выборк", "объем выборк", "объём выборк", "розмір вибірк", "обсяг вибірк"],
    "clt": ["central limit", "центральн предельн", "центральн граничн", "clt", "цпт", "цгт"],
    "correlation": ["correlat", "корреляц", "кореляц"],
    "variance": ["variance", "дисперси", "дисперсі", "стандартн отклонен", "стандартн відхилен"],
    "multicollinearity": ["multicollinear", "мультиколлинеар", "мультиколінеар", "vif", "variance inflation"],
    "cuped": ["cuped", "pre-experiment", "pre-period", "предэксперимент", "доэкспериментальн",
              "передекспериментальн", "доекспериментальн"],
    "attention": ["attention", "внимани", "уваг"],
    "transformer": ["transformer", "трансформер"],
    "embedding": ["векторн представлен", "векторн подан", "vector representation", "embedding", "эмбеддинг",
                  "ембедінг", "ембединг", "эмбединг", "word2vec", "word2vector", "cbow",
                  "skip-gram", "skipgram"],
    "tokenization": ["tokeniz", "токениз", "токеніз"],
    "bpe": ["bpe", "byte-pair", "byte pair"],
    "lora": ["lora", "low-rank adapt", "low rank adapt", "низкоранг", "низькоранг"],
    "bfs": ["bfs", "breadth-first", "breadth first", "пошук у ширину", "пошук в ширину", "поиск в ширину",
            "обход в ширину"],
    "dfs": ["dfs", "depth-first", "depth first", "пошук у глибину", "пошук в глибину", "поиск в глубину",
            "обход в глубину"],
    "knn": ["knn", "k-nn", "nearest neighbo", "ближайш сосед", "найближч сусід"],
    "lru": ["lru", "least recently used", "least-recently-used"],
    "target_encoding": ["target encod", "target-encod", "mean encod", "mean-encod", "таргет-энкод", "таргет энкод",
                        "таргет-енкод", "таргетн кодир"],
    "prompt": ["prompt", "промпт"],
    "rag": ["rag", "retrieval-augmented", "retrieval augmented"],
    "diffusion": ["diffusion", "диффузион", "дифузійн"],
    "position_bias": ["position bias", "позиционн смещен", "позиційн зміщен", "смещени по позиц", "зміщен за позиц"],
    "lemmatization": ["lemmatiz", "лемматиз", "лематиз", "stemming", "стемминг", "стемінг"],
    "tfidf": ["tf-idf", "tfidf", "bow", "bag of words", "мешок слов", "мішок слів", "bm25"],
    "llm": ["llm", "gpt", "large language", "больш языков", "велик мовн"],
    "temperature": ["temperature", "температур"],
    "rnn": ["rnn", "рекуррент", "рекурент"],
    "lstm": ["lstm"],
    "gru": ["gru"],
    "bptt": ["bptt", "through time"],
    "cnn": ["cnn", "свёрточн", "сверточн", "згортк", "свёртк", "свертк", "convolution", "конволюц",
            "conv-"],
    "pooling": ["pooling", "пулинг", "пулінг"],
    "activation": ["activation", "активац"],
    "relu": ["relu"],
    "sigmoid": ["sigmoid", "сигмоид", "сигмоїд"],
    "backprop": ["backprop", "обратн распростран", "зворотн поширен"],
    "init": ["initializ", "инициализац", "ініціалізац"],
    "skip": ["пропускающ связ", "пропускающ соединен", "пропускн з'єднан", "пропускн зв'яз", "остаточн связ",
             "остаточн соединен", "залишков з'єднан", "залишков зв'яз", "skip-соединен",
             "skip-з'єднан", "skip-connection", "skip connection", "residual connect", "residual block",
             "residual network", "residual learning", "residual link", "resnet"],
    "autoencoder": ["autoencoder", "автоэнкодер", "автоенкодер"],
    "gan": ["gan", "gans", "генеративн состязательн", "дискриминатор", "дискримінатор"],
    "transfer": ["transfer learning", "трансферн", "перенос обучен", "перенесенн навчан", "fine-tun",
                 "файнтюн", "фінетюн", "дообуч", "донавч", "файн-тюн"],
    "distillation": ["distill", "дистилляц", "дистиляц"],
    "quantization": ["quantiz", "квантиз", "квантуван"],
    "binarization": ["binariz", "бинаризац", "бінаризац"],
    "pruning": ["pruning", "прунинг", "прунінг"],
    "augmentation": ["augment", "аугментац"],
    "detection": ["detection", "detector", "object detect", "детекц", "детекці", "виявлен об'єкт", "обнаружен объект",
                  "детектор"],
    "segmentation": ["segment", "сегментац"],
    "reinforcement": ["rl", "reinforcement", "подкреплен", "підкріплен"],
    "q_learning": ["q-learning", "q-обучен", "q-навчан"],
    "policy": ["on-policy", "off-policy", "policy gradient", "политик агент", "політик агент", "стратеги агент"],
    "early_stopping": ["early stop", "ранн останов", "ранн зупин", "рання зупин", "ранню зупин"],
    "teacher_forcing": ["teacher forcing", "teacher-forcing"],
    "lr_schedule": ["one cycle", "cycle policy", "cyclic", "циклическ", "циклічн", "scheduler", "warmup",
                    "warm-up", "warm up", "прогрев", "прогрів", "розігрів"],
    "mlp": ["mlp", "перцептрон", "perceptron"],
    "ndcg": ["ndcg", "normalized discounted", "normalised discounted", "discounted cumulative"],
    "iou": ["iou", "intersection over union", "jaccard", "жаккар"],
    "ranking": ["ranking", "ранжир", "ранжуван", "lambdamart", "learning to rank"],
    "recommender": ["recommend", "рекомендат", "рекомендац"],
    "collaborative": ["collaborative filter", "коллаборативн фильтр", "колаборативн фільтр"],
    "content_based": ["content-based", "content based", "контентн"],
    "new_user": ["new user", "нов пользовател", "нов користувач", "нов клиент", "нов клієнт"],
    "new_item": ["new item", "new product", "нов товар", "нов продукт", "нов фильм", "нов фільм"],
    "cold_start": ["cold start", "холодн старт", "холодн запуск"],
    "deployment": ["deploy", "деплой", "выкат", "викат", "развертыван", "развёртыван", "розгортан", "продакшн",
                   "продакшен", "production", "rest api", "rest-api"],
    "monitoring": ["monitor", "монитор", "монітор", "degradation", "деградац", "отслежив", "відстежу", "відстежуван",
                   "следит за", "стежит за", "стежен"],
    "drift": ["drift", "дрейф", "дрифт", "shift", "сдвиг данн", "зсув дан"],
    "concept_drift": ["concept drift", "зміни концепці", "изменени концепци", "дрейф концепц", "дрейф концепт",
                      "дрифт концепт"],
    "cicd": ["ci/cd", "ci", "cd", "continuous integration", "непрерывн интеграц", "постійн інтеграц"],
    "cloud": ["cloud", "хмарн", "облачн", "облак", "aws", "gcp", "azure"],
    "serverless": ["serverless", "безсервер", "lambda function"],
    "docker": ["docker", "докер", "контейнеризац", "containeriz"],
    "kubernetes": ["kubernetes", "k8s", "оркестрац", "orchestrat"],
    "versioning": ["versioning", "версионир", "версіонуван", "версій", "версий", "git", "dvc"],
    "pipeline": ["pipeline", "пайплайн", "конвеєр", "конвейер"],
    "latency": ["latency", "задержк", "затримк", "speed up", "speedup", "пришвидш", "прискор", "ускор"],
    "feature_store": ["feature store", "feature-store", "фіче стор", "фичестор", "хранилищ признак", "сховищ ознак"],
    "gil": ["глобальн блокировк", "глобальн блокуван", "gil", "global interpreter"],
    "generator": ["generator", "генератор", "yield"],
    "iterator": ["iterator", "итератор", "ітератор"],
    "decorator": ["decorator", "декоратор"],
    "tuple": ["tuple", "кортеж"],
    "mutable": ["mutable", "immutable", "изменяем", "змінн", "незмінн", "неизменяем"],
    "copy": ["deep copy", "shallow copy", "deepcopy", "копи", "copy"],
    "comprehension": ["списков включен", "спискові включен", "генератор списк", "генератор словар", "comprehension"],
    "lambda": ["lambda", "лямбд"],
    "threading": ["потоках", "потоками", "потоків", "threading", "multiprocessing", "многопоточ", "багатопоточ",
                  "багатопотоков", "потоков",
                  "multithread", "asyncio", "async"],
    "metaclass": ["metaclass", "метакласс", "метаклас"],
    "context_manager": ["context manager", "контекстн менеджер", "with statement", "оператор with", "with-",
                        "with block", "блок with", "блоці with", "блоке with"],
    "serialization": ["serializ", "сериализ", "серіаліз", "pickle"],
    "exception": ["exception", "исключени", "винятк", "виняток"],
    "sorting": ["sort", "сортир", "сортуван", "quicksort", "mergesort", "heapsort"],
    "binary_search": ["binary search", "бинарн поиск", "бінарн пошук", "двійков пошук", "двоичн поиск"],
    "hash_table": ["hash", "хеш", "хэш"],
    "graph": ["graph"],  # the Cyrillic "граф" is a PATTERN: "график"/"графік" is a chart
    "recursion": ["recurs", "рекурси", "рекурсі"],
    "dynamic_programming": ["dynamic programming", "динамическ программир", "динамічн програмуван"],
    "complexity": ["o(log", "асимптотик", "complexity", "сложност", "складніст", "big-o", "o(n"],
    "xai": ["xai", "explainab", "interpretab", "интерпретируем", "інтерпретован", "інтерпретабел",
            "интерпретабел", "объяснимост", "пояснюваніст", "shap", "lime"],
    "privacy": ["privacy", "приватн", "конфиденциальн", "конфіденційн", "анонимн", "анонімн"],
    "fairness": ["fairness", "bias in", "упереджен", "предвзят", "дискриминац", "дискримінац"],
    "adversarial": ["adversarial", "враждебн", "состязательн", "змагальн", "атак"],
    "time_series": ["time series", "time-series", "forecast", "временн ряд", "часов ряд", "часових ряд", "часові ряд"],
    "quantile": ["quantile", "квантил"],
    "self_intro": ["представьтес", "представтес", "представтеся", "introduce yourself", "tell me about yourself",
                   "about yourself", "your background", "расскажите о себе",
                   "розкажіть про себе"],
    "bootstrap": ["bootstrap", "бутстр"],
    "feature_importance": ["feature importance", "важност признак", "важливіст ознак", "значимост признак",
                           "значущіст ознак"],
    "weakness": ["weakness", "слаб сторон", "слабк сторон"],
    "strength": ["strength", "сильн сторон", "сильн сторін"],
    "salary": ["salary", "зарплат"],
    "conflict": ["conflict", "конфликт", "конфлікт", "disagree", "разноглас", "розбіжн", "не соглас", "не погодж"],
    "project": ["project", "проект", "проєкт"],
    # Facets of vague process/behavioural questions: never enough to make two questions the
    # same, but "prerequisites of a project" and "stages of a project" are different questions.
    # The plural nouns are a PATTERN: "на этапе inference", "на каждом шаге обучения" name no stages.
    "stages": ["lifecycle", "life cycle", "жизненн цикл", "життєв цикл"],
    "prerequisites": ["prerequisit", "предпосылк", "передумов", "requirement", "требовани", "вимог"],
    "risk": ["risk", "риск", "ризик"],
    "failure": ["не взлет", "не злетів", "не злетіл", "не полетел", "didn't take off", "flopped", "fail", "провал",
                "неудач", "невдал", "не удал", "не вдав", "сломал", "зламал", "поломк"],
    "success": ["success", "успешн", "успех", "успішн", "успіх", "proud", "горд", "пишає", "пишаєт"],
    "paper": ["paper", "статт", "стать", "рарег"],
    "python": ["cpython", "python", "пайтон", "питон"],
    "vision": ["визуальн", "візуальн", "vision", "image", "изображен", "зображен", "картин", "video", "видео",
               "відео"],
    "semantic_seg": ["semantic segm", "семантичн сегмент", "семантическ сегмент"],
    "instance_seg": ["инстанс-сегмент", "інстанс-сегмент", "instance-сегмент", "инстанс сегмент", "інстанс сегмент",
                     "instance segm", "сегментаци экземпляр", "сегментаці екземпляр"],
    "r2": ["r^2", "r2", "r-squared", "коэффициент детерминац", "коефіцієнт детермінац"],
    "coefficient": ["коэффициент", "коефіцієнт", "coefficient"],
    "stratification": ["stratif", "стратифик", "стратифік"],
    "split": ["split", "разбиен", "пропорц", "proportion"],
    "framework": ["framework", "фреймворк", "библиотек", "бібліотек", "librar"],
    "isolation_forest": ["isolation forest", "изолирующ лес", "ізоляційн ліс"],
    "label_smoothing": ["label smoothing", "сглаживан меток", "сглаживан метк", "згладжуван міток", "згладжуван міт"],
    "power": ["statistical power", "power of a test", "мощност критер", "мощност тест", "потужніст тест",
              "мощност статистич", "потужніст статистич",
              "статистичн потужн", "статистическ мощност"],
    "motivation": ["motivat", "мотивир", "мотивац", "мотивує", "мотивуват"],
    "leaky": ["leaky", "gelu", "elu", "swish", "relu6"],
    "vit": ["vit", "vision transformer", "визуальн трансформер", "візуальн трансформер"],
    "positional_encoding": ["positional encod", "positional embed", "position encod", "позиционн кодир",
                            "позиционн эмбед", "позиційн кодуван", "позиційн ембед"],
    "causal_mask": ["causal mask", "look-ahead mask", "future token", "маск будущ", "маскир будущ", "маскируют будущ",
                    "маск майбутн", "маскуван майбутн", "маскують майбутн"],
    "padding_mask": ["padding", "паддинг", "падінг", "педдінг"],
    "chunking": ["chunk", "чанк"],
    "hallucination": ["hallucinat", "галлюцинац", "галюцинац"],
    # Explaining to people outside the field is its own behavioural question.
    "lay_audience": ["non-technical", "non technical", "nontechnical", "нетехническ", "нетехнічн", "без техническ",
                     "без технічн", "простыми словами", "простими словами", "layman", "laymen", "далек от ml",
                     "далек від ml", "не разбира в ml", "не розбира в ml"],
    "decoding_sampling": ["top-k", "top-p", "nucleus"],
    "pr_auc": ["pr-auc", "pr auc", "auc-pr", "average precision", "precision-recall curve", "precision-recall крив",
               "pr-крив"],
    "self_attention": ["self-attention", "self attention", "самовниман", "самоуваг"],
    "layernorm": ["layer norm", "layernorm", "нормализац по сло", "нормалізац по шар", "нормалізац шар"],
    "nms": ["non-maximum suppression", "non maximum suppression", "nms", "подавлен немаксимум",
            "придушен немаксимум"],
    "explore_exploit": ["ε-greedy", "epsilon-greedy", "epsilon greedy", "e-greedy", "эпсилон-жадн", "епсилон-жадібн",
                        "exploration", "exploitation", "explore-exploit"],
    "softmax": ["softmax", "софтмакс"],
    "beam_search": ["поиск луч", "пошук промен", "beam search", "beam-search", "лучев поиск", "променев пошук"],
    "kl": ["kl", "kullback", "кульбак"],
    "mse": ["mse", "mean squared", "mean-squared", "среднеквадратичн", "середньоквадратичн", "rmse"],
    "mae": ["mae", "mean absolute", "средн абсолютн", "середн абсолютн"],
    "mann_whitney": ["mann-whitney", "mann whitney", "манн-уитн", "манна-уитн", "манна-уїтн", "манн-уїтн"],
    "chi_square": ["chi-square", "chi square", "chi2", "хи-квадрат", "хі-квадрат"],
    "tsne": ["t-sne", "tsne", "umap"],
    "heteroscedasticity": ["heterosced", "heterosked", "гетероскедаст"],
    "moe": ["mixture of experts", "mixture-of-experts", "moe", "смес эксперт", "суміш експерт"],
    "null_hypothesis": ["null hypothes", "h0", "нулев гипотез", "нульов гіпотез"],
    "job_change": ["сменить работ", "смен работ", "змінит робот", "змін робот", "change jobs", "switch jobs",
                   "leave your current", "leaving your current", "уходит с текущ", "уйти с текущ", "піти з поточн",
                   "йдете з поточн"],
    "model_registry": ["model registry", "реестр модел", "реєстр модел", "registry"],
    "experiment_tracking": ["experiment track", "трекинг экспер", "трекінг експер", "tracking experiment", "mlflow",
                            "wandb", "weights & biases", "weights and biases", "neptune.ai", "clearml"],
    "serving_mode": ["batch scoring", "batch inference", "batch prediction", "batch-інференс", "batch-инференс",
                     "батч-инференс", "пакетн инференс", "пакетн інференс", "online inference", "online-інференс",
                     "online-инференс", "онлайн-инференс", "онлайн-інференс", "real-time inference",
                     "real-time prediction", "real-time api", "realtime inference", "offline inference"],
    "implicit_feedback": ["implicit signal", "explicit signal", "implicit feedback", "explicit feedback",
                          "implicit rating", "explicit rating",
                          "неявн отклик", "неявн фидбек", "неявн фідбек", "неявн обратн связ", "неявн зворотн",
                          "явн оценк", "явн оцінк"],
    "context_length": ["context window", "context length", "long context", "контекстн окн", "контекстне вікн",
                       "контекстного вікн", "довжин контекст", "длин контекст", "длинн контекст", "довг контекст"],
    "batch_size": ["batch size", "batch-size", "размер батч", "розмір батч", "размер пакет", "розмір пакет",
                   "размер мини-батч", "розмір міні-батч", "размер минибатч"],
    "prompt_injection": ["prompt injection", "prompt-injection", "промпт-инъекц", "prompt-инъекц", "промпт-ін'єкц",
                         "prompt-ін'єкц", "инъекци промпт", "ін'єкці промпт", "jailbreak", "джейлбрейк"],
    "kv_cache": ["kv-cache", "kv cache", "kv-кэш", "kv-кеш", "kv кэш", "kv кеш", "key-value cach", "key/value cach"],
    "oob": ["out-of-bag", "out of bag", "oob", "oob score"],
    "two_sum": ["two sum", "two-sum", "2sum", "add up to the target", "сума яких дорівнює", "сумма которых равна"],
    "three_sum": ["3sum", "three sum", "three-sum", "triplet", "трійк", "тройк"],
    "shadow": ["shadow deploy", "shadow mode", "shadow-режим", "тенев деплой", "тенев режим", "тенев разверт",
               "тенев развёрт", "тіньов деплой", "тіньов режим", "тіньов розгорт"],
    "gqa": ["grouped-query", "grouped query", "multi-query attention", "multi-query", "gqa", "mqa"],
    "mode_collapse": ["mode collapse", "коллапс мод", "колапс мод"],
    "calibration": ["calibrat", "калибр", "калібр", "откалибр", "відкалібр"],
}

# Concepts too broad to make two questions the same by sharing them.
GENERIC: frozenset[str] = frozenset({
    "metric", "project", "classification", "regression", "coefficient", "paper", "gradient", "pipeline", "deployment",
    "monitoring", "loss", "framework", "python", "vision", "descent", "name:cv", "name:nlp", "name:mlops",
    "name:llm", "name:ai", "name:api", "name:rest", "llm", "null_hypothesis", "stages",
    "prerequisites", "risk", "failure", "success",
    # "a new user" vs "a new item" are different cold starts, but "the cold start" means either.
    "new_user", "new_item",
})

# Facets of vague questions (see CONCEPTS): two vague questions must share them all.
FACETS: frozenset[str] = frozenset({"stages", "prerequisites", "risk", "failure", "success"})

# Concepts that narrow a question to a setting: adding one makes a different question.
QUALIFIERS: frozenset[str] = frozenset({
    "rnn", "lstm", "gru", "cnn", "transformer", "llm", "time_series", "detection", "segmentation",
    "gan", "reinforcement", "recommender", "ranking", "deployment", "monitoring", "loss",
    "regularization", "cold_start", "concept_drift", "stochastic", "naive_bayes",
    "docker", "kubernetes", "python", "vision", "mlp", "isolation_forest", "leaky", "bptt", "tfidf", "embedding",
    "attention", "choose_count",
})

# A narrow concept already says the broad one: "bias-variance" is not also "variance".
SUBSUMES: dict[str, set[str]] = {
    "concept_drift": {"drift", "deployment"},
    "bias_variance": {"variance"},
    "layernorm": {"normalization"},
    "nms": {"detection"},  # non-maximum suppression only exists in object detection
    "explore_exploit": {"reinforcement"},
    "cross_validation": {"validation"},
    "naive_bayes": {"bayes"},
    "linear_regression": {"regression"},
    "logistic": {"regression"},
    "semantic_seg": {"segmentation"},
    "instance_seg": {"segmentation"},
    "q_learning": {"reinforcement"},
    "kmeans": {"clustering"},
    "collaborative": {"recommender"},
    "content_based": {"recommender"},
    "vanishing": {"gradient"},
    "exploding": {"gradient"},
    "vit": {"transformer", "vision", "embedding"},  # a ViT embeds patches: "patch embeddings" is how it works
    # Attention in a transformer is still attention, and its scaling is no feature normalisation.
    "attention": {"transformer", "normalization"},
    "self_attention": {"attention", "transformer", "normalization"},  # but self-attention is a narrower question
    "saturation": {"activation", "gradient"},  # saturation is of an activation, and stalls gradients
    "cold_start": {"recommender"},  # cold start is a recommender's problem
    "tokenization": {"name:nlp"},
    "lemmatization": {"name:nlp"},
    "gil": {"python", "threading", "latency"},  # the GIL is what keeps Python threads from speeding code up
    **{c: {"python"} for c in ("generator", "iterator", "decorator", "comprehension", "metaclass",
                               "context_manager", "tuple")},  # Python-only notions say Python already
    "cicd": {"deployment"},  # continuous deployment is the CD of CI/CD
    # Watching a model or its drift presupposes it is deployed: "monitoring in production" asks
    # what "monitoring" asks.
    "monitoring": {"deployment"},
    "drift": {"deployment"},
    "pooling": {"cnn"},  # pooling is a CNN's: "pooling in a CNN" asks what "pooling" asks
    "temperature": {"llm"},  # sampling temperature belongs to a language model already
    "bpe": {"tokenization", "llm"},  # BPE is how language models tokenise: "BPE in LLMs" asks what "BPE" asks
    "lora": {"llm", "transfer"},  # LoRA is a way to fine-tune (mostly language) models
    "cuped": {"ab_test", "variance"},  # CUPED only exists to cut an A/B metric's variance
    # Lasso and Ridge are regularisation ("L1 vs L2 regularisation" asks what "Lasso vs Ridge" asks);
    # L1/L2 *loss* stays apart because "loss" qualifies the question.
    "l1": {"regularization"},
    "l2": {"regularization"},
    "ndcg": {"ranking", "metric", "normalization"},
    "iou": {"metric", "detection"},
    "lr_schedule": {"learning_rate"},  # a warmup or a schedule is of the learning rate
    # Early stopping watches a validation metric (or loss) by definition.
    "early_stopping": {"monitoring", "metric", "loss", "validation"},
    "default_argument": {"mutable", "python"},
    "positional_encoding": {"transformer", "attention"},  # only attention needs to be told the order
    "causal_mask": {"transformer", "attention"},
    "teacher_forcing": {"name:seq2seq", "rnn"},  # teacher forcing is how a seq2seq decoder is trained
    # Notions that only exist inside a larger subject name it already.
    "prompt": {"llm"},
    "hallucination": {"llm"},  # only generative (language) models hallucinate
    "context_length": {"llm"},
    "prompt_injection": {"prompt", "llm", "risk"},
    "kv_cache": {"latency", "llm", "transformer", "attention", "name:kv"},  # the cache exists to speed up decoding
    "mode_collapse": {"gan", "generator"},
    "peeking": {"pvalue", "ab_test"},  # peeking is stopping an experiment when the p-value first dips
    "policy": {"reinforcement"},  # on- and off-policy learning is reinforcement learning's
    "srm": {"ab_test"},  # a sample ratio mismatch is an experiment's
    "oob": {"random_forest", "bagging", "validation"},  # out-of-bag samples exist only in bagging
    # Multicollinearity is correlated features of a linear model.
    "multicollinearity": {"linear_regression", "regression", "correlation", "coefficient"},
    "target_encoding": {"overfitting", "leakage"},  # target encoding's danger is overfitting through leakage
    "two_sum": {"complexity", "hash_table"},
    "experiment_tracking": {"versioning"},  # MLflow and W&B version what they track
    "multiple_comparisons": {"pvalue"},  # "20 metrics, one has p = 0.03" asks about the many tests
    "decoding_sampling": {"llm"},
    "pr_auc": {"precision", "recall", "name:pr"},
    "rag": {"llm"},
    "diffusion": {"vision"},
    "position_bias": {"ranking"},
}
# MLOps notions say MLOps already: "CI/CD in the context of MLOps" asks what "CI/CD for ML" asks.
for _c in ("cicd", "docker", "kubernetes", "deployment", "monitoring", "versioning", "feature_store",
           "serverless", "drift", "concept_drift", "cloud", "latency", "pipeline"):
    SUBSUMES[_c] = SUBSUMES.get(_c, set()) | {"name:mlops"}

_JUST_SIGNED_UP = (r"(?:щойно|только что|just|недавно|нещодавно)\s+(?:\w+\s+)?"
                   r"(?:зареєстр|зарегистр|registered|signed up|joined)")

# Phrasings that name a concept without its term ("one class is 95% of the rows").
PATTERNS: dict[str, re.Pattern[str]] = {
    # "a feature that will not be available at prediction time" is leakage.
    "leakage": re.compile(
        r"(?:не буде|не будет|not be|won't be|недоступн|unavailable)\s+(?:\w+\s+){0,2}(?:доступн|available)?"
        r"[^.?!]{0,30}(?:прогноз|предсказ|передбач|inference|prediction|predict|production|продакшн|продакшен)"),
    # "the data has 575 columns", "many features: how do you choose": which features to keep.
    "feature_selection": re.compile(
        r"(?:багато|много|many|lots of|сотн\w*|hundreds of|тысяч\w*|тисяч\w*|thousands of|\d{3,})\s+(?:\w+\s+)?"
        r"(?:ознак|признак|фіч|фич|features|стовпц|столбц|колонок|колонк|columns)"),
    # "interpret the model's predictions", "methods of interpretation": explainability (but not
    # "interpret a p-value").
    "xai": re.compile(
        r"(?:інтерпрет|интерпрет|interpret)\w*\s+(?:\w+\s+){0,2}(?:передбачен|предсказан|prediction|модел|model)"
        r"|(?:метод|method|підход|подход|approach)\w*\s+(?:\w+\s+)?(?:інтерпрет|интерпрет|interpret)"),
    # "how does a transformer know the order of the words" asks about positional encodings.
    "positional_encoding": re.compile(
        r"(?:порядок|порядк|order|позиці|позици|position)\w*\s+(?:\w+\s+){0,2}(?:слов|слів|токен|token|words|елемент|элемент)"),
    # "the analyst checked 20 metrics and one came out significant" is the multiple comparisons problem.
    "multiple_comparisons": re.compile(
        r"(?:провери|перевіри|проверя|перевіря|checked|tested|tests|test|смотр|дивил)\w*\s+\d{2,}\s+(?:\w+\s+)?"
        r"(?:метрик|metrics|гипотез|гіпотез|hypothes|показател|показник|сегмент|segment)"
        r"|(?<![\w.,])[1-9]\d\s+(?:\w+\s+)?(?:метрик|metrics|гипотез|гіпотез|hypothes)"),
    # "a list as a default argument", "def f(x, acc=[])": the mutable default argument.
    "default_argument": re.compile(
        r"(?:по умолчанию|за замовчуванням|default)\w*\s+(?:\w+\s+)?"
        r"(?:аргумент|argument|параметр|parameter|значени|value)"
        r"|(?:аргумент|argument|параметр|parameter|значени|значенн|value)\w*\s+(?:\w+\s+)?"
        r"(?:по умолчанию|за замовчуванням)"
        r"|\w=\s?(?:\[\]|\{\}|list\(\)|dict\(\))"),
    # "p = 0.03" is a p-value.
    "pvalue": re.compile(r"(?<![\w])p\s?(?:=|<|>|≤|<=)\s?0?[.,]\d"),
    # "stop the test as soon as p < 0.05", "the manager looks at the test every morning": peeking.
    "peeking": re.compile(
        r"(?:останавлива|останови|зупиня|зупини|stop|заверш|закінч|закончи|end|finish)\w*\s+(?:[\w/-]+,?\s+){0,3}"
        r"(?:как только|щойно|як тільки"
        r"|as soon as|once|(?:в|у)\s+(?:тот|той)\s+момент|the moment)"
        r"|(?:кажд\w*|щодня|щоранку|every)\s+(?:\w+\s+)?(?:утро|день|ранок|morning|day)[^.?!]{0,40}"
        r"(?:смотр|дивит|look|check|провер|перевір)"),
    "imbalance": re.compile(
        r"\d{2}(?:[.,]\d+)?\s?%[^.?!]{0,40}(?:одного|одн\w*|one|single)\s+(?:class|класс|клас)"
        r"|(?:одного|одн\w*|one|single)\s+(?:class|класс|клас)\w*[^.?!]{0,30}\d{1,2}(?:[.,]\d+)?\s?%"
        r"|\b\d(?:[.,]\d+)?\s?%[^.?!]{0,40}(?:class|класс|клас|объект|об'єкт|positive|позитивн|положительн)"
        r"|(?:positive|позитивн|положительн|minority|міноритарн|миноритарн|мошенн|шахра|фрод|fraud|отток|відтік|churn"
        r"|больн|хвор|sick|дефект|defect|спам|spam)\w*\s+(?:[\w']+\s+){0,3}(?:0[.,]\d+|\d(?:[.,]\d+)?)\s?%"
    ),
    "self_intro": re.compile(
        r"(?:расскаж|розкаж|tell)\w*\s+(?:[\w']+\s+){0,3}(?:о себе|про себе|about yourself)"
        r"|^\W*(?:коротко|кратко|briefly)\s+(?:о себе|про себе|about yourself)"
    ),
    # "broke in prod" is production; a bare stem "прод" would also catch "продукт".
    "deployment": re.compile(r"(?<!\w)(?:в|у)\s+прод(?:е|і|а)(?!\w)"),
    # A user who has just signed up is a new user ("new user" implies nothing else: see cold_start).
    "new_user": re.compile(_JUST_SIGNED_UP),
    # "the user has just signed up, there is no history" is the cold start.
    "cold_start": re.compile(
        _JUST_SIGNED_UP
        + r"|(?:історі|истори|history)\w*\s+(?:\w+\s+){0,2}(?:немає|нет|відсутн|отсутств)"
        r"|(?:no|без|немає|нет)\s+(?:\w+\s+)?(?:історі|истори|history|interactions)"
        r"|(?<!\w)(?:new|нов)\w*\s+(?:user|item|product|пользовател|користувач|товар|продукт|клиент|клієнт)"
    ),
    # "how many users does the test need" asks for the sample size.
    "sample_size": re.compile(
        r"(?:сколько|скільки|how many)\s+(?:\w+\s+){0,2}(?:пользовател|користувач|users|наблюдени|спостережен"
        r"|observations|участник|учасник|participants)\w*\s+(?:\w+\s+){0,1}(?:нужн|потрібн|need|requir)"
    ),
    # "how many clusters / components / trees" is choosing a number, not the method itself.
    "choose_count": re.compile(
        r"(?:количеств|кількіст|число|number of|how many|скільки|сколько)\w*\s+(?:\w+\s+)?"
        r"(?:кластер|компонент|cluster|component|дерев|trees|сло[её]в|шарів|layers|епох|эпох|epochs|соседей|сусід|neighbo"
        r"|сегмент|segments|итерац|ітерац|iterations)"
        r"|(?:choos|pick|select|выбрать|выбирать|обрати|вибрати|обирати|вибирати|подобрать|підібрати)\w*\s+(?:\w+\s+)?k\b"
        # "why exactly 5 clusters and not 3 or 8"
        r"|(?:именно|саме|exactly)\s+\d+[^.?!]{0,20}(?:а не|not|rather than)\s+\d+"
    ),
    # "bias and variance" named apart ("bias і variance моделі", "смещение и разброс") is the tradeoff.
    "bias_variance": re.compile(
        r"(?:bias|смещен|зміщен|зсув)\w*\s+(?:і|и|та|and|&|/|vs\.?|versus|против|проти)\s+(?:variance|дисперс|разброс|розкид)"),
    # "the distribution of the inputs has changed", "...has moved away from the training one" is data drift.
    "drift": re.compile(
        r"(?:distribution|распределени|розподіл)\w*[^.?!]{0,40}(?:chang|shift|измени|змін|уеха|поплыл|сполз|поїха"
        r"|зсуну|змісти|сдвину|сместил|moved|drifted)"
        r"|(?:chang|shift|измени|змін)\w*[^.?!]{0,20}(?:distribution|распределени|розподіл)"
        r"|(?:distribution|распределени|розподіл)\w*[^.?!]{0,60}(?:differ|diverg|deviat|отлича|отош|разош|відрізня"
        r"|відійш|розійш)[^.?!]{0,40}(?:train|трен|обуч|навч)"
    ),
    "stages": re.compile(
        r"(?<!\w)(?:этап(?:ы|ов|ам|ами|ах)|етап(?:и|ів|ам|ами|ах)|stages|steps|шаг(?:и|ов|ам|ами)"
        r"|крок(?:и|ів|ам|ами))(?!\w)"),
    # "invents refund policies", "cites papers that do not exist": hallucinations.
    "hallucination": re.compile(
        r"(?:invent|fabricat|makes? up|made up|выдумыва|вигаду|придумыва)\w*\s+(?:\w+\s+){0,3}"
        r"(?:fact|факт|polic|правил|source|источник|джерел|paper|стат|citation|цитат|answer|ответ|відповід|"
        r"number|цифр|name|назв|назван)"
        r"|(?:посила|ссыла|cite|cites|refer)\w*[^.?!]{0,40}(?:не існу|не существу|n't exist|not exist|nonexistent"
        r"|non-existent|неіснуюч|несуществующ)"),
    # "we track ML experiments", "облік експериментів": experiment tracking.
    "experiment_tracking": re.compile(
        r"(?:трек|track|облік|учет|учёт|логир|логу|log|відстеж|отслежив)\w*\s+(?:[\w-]+\s+)?"
        r"(?:экспер|експер|experiment|ml-экспер|ml-експер)"),
    # "compute the predictions once a day into a table" is batch serving.
    "serving_mode": re.compile(
        r"(?:раз|once)\s+(?:на|в|у|a|per)\s+(?:добу|сутки|день|day|night|ніч|ночь)"
        r"|(?:в|у|in)\s+(?:реальн\w+\s+(?:времен|час)|real[- ]time)"),
    # "train accuracy 0.99, validation 0.71", "validation loss started to grow": overfitting.
    "overfitting": re.compile(
        r"(?:train|трейн|трен|обучающ|навчальн)\w*[^.?!]{0,40}(?:0[.,]9\d*|9\d\s?%|1[.,]0)[^.?!]{0,40}"
        r"(?:valid|валид|валід|test|тест)\w*[^.?!]{0,20}(?:0[.,][0-8]\d*|[1-8]\d\s?%)"
        r"|(?:valid|валид|валід)\w*\s+(?:loss|лосс|ошибк|помилк)\w*[^.?!]{0,60}(?:раст|рост|зроста|росте|increas|rise|"
        r"rising|grow|goes up|вверх|вгору|начал\w* рас|почал\w* зрос)"),
    # "encoded the city by the mean of the target" is target encoding.
    "target_encoding": re.compile(
        r"(?:средн|середн|mean)\w*\s+(?:значени\w*\s+|значенн\w*\s+|value\s+of\s+(?:the\s+)?)?"
        r"(?:целев|цільов|target|таргет)"),
    # "find an element in a sorted array in O(log n)" is binary search.
    "binary_search": re.compile(
        r"(?:пошук|поиск|search|find|знайти|знайд|найти|найд|шукати|искать)[^.?!]{0,60}(?:відсортован|отсортирован|sorted)"),
    # "ignore all previous instructions" pasted by a user is a prompt injection.
    "prompt_injection": re.compile(r"(?:ignore|игнорир|ігнор|забудь|forget)\w*\s+(?:all\s+|все\s+|усі\s+|всі\s+)?"
                                   r"(?:previous|предыдущ|попередн|прошл)"),
    # "cache the keys and values", "кэшировать ключи и значения": the KV cache.
    "kv_cache": re.compile(r"(?:cach|кэш|кеш)\w*\s+(?:the\s+)?(?:keys|ключ)"),
    # "replace the 0/1 labels by 0.9 and 0.1", "one-hot targets with 0.9": label smoothing.
    "label_smoothing": re.compile(r"(?:мітк|метк|label|target|таргет|one-hot)\w*[^.?!]{0,60}(?<![\d.,])0[.,]9(?!\d)"),
    # "recommend by similar users" is collaborative filtering; "by the items' properties" is content-based.
    "collaborative": re.compile(r"(?:похож|схож|подібн|similar)\w*\s+(?:пользовател|користувач|users|людей|люд)"),
    "content_based": re.compile(r"(?:свойств|властивост|атрибут|attribut|признак|ознак|features|характеристик)\w*\s+"
                                r"(?:товар|item|фильм|фільм|продукт|product)"),
    # "use the users' data from before the experiment" is CUPED's idea.
    "cuped": re.compile(r"(?:до начала|до старта|до старту|до початку|before the start of|before the|prior to the)\s+"
                        r"(?:\w+\s+)?(?:эксперимент|експеримент|experiment|теста|тесту|test)"),
    # "the model says 0.9, but in fact only 60 % are positive" is a calibration problem.
    "calibration": re.compile(r"(?:0[.,]\d+|\d{2}\s?%)[^.?!]{0,60}(?:по факту|фактически|фактично|насправді"
                              r"|на самом деле|на практике|actually|in reality|in fact)[^.?!]{0,40}"
                              r"(?:\d{2}\s?%|0[.,]\d+)"),
    # "two features correlate at 0.98" is multicollinearity.
    "multicollinearity": re.compile(r"(?:признак|ознак|feature)\w*[^.?!]{0,60}(?:коррел|корел|correlat)\w*"
                                    r"[^.?!]{0,20}0[.,]9\d"),
    # "daily sales", "продажі по днях" are a time series.
    "time_series": re.compile(r"(?:продаж|sales|спрос|попит|demand)\w*\s+(?:по|за|per|by)\s+"
                              r"(?:дням|днях|days|day|тижн|недел|weeks|місяц|месяц|months)"),
    # "threads do not speed up the loop" is the GIL.
    "gil": re.compile(
        r"(?:потоках|потоков|потоки|потоками|потоків|threads|threading|multithread|многопоточ|багатопоточ)"
        r"[^.?!]{0,60}(?:не ускоря|не прискор|не пришвидш|n't speed|not speed|no speedup|не быстрее|не швидше)"
        r"|(?:не ускоря|не прискор|не пришвидш|n't speed up|not speed up)[^.?!]{0,60}"
        r"(?:потоках|потоков|потоки|threads)"),
    # "stop the training earlier than planned" is early stopping.
    "early_stopping": re.compile(
        r"(?:обрыва|оборва|останов|прерва|прерыва|зупин|перерв|stop)\w*\s+(?:\w+\s+){0,2}(?:обучени|навчанн|training)"
        r"\w*\s+(?:раньше|рано|раніше|earlier|early|before)"),
    # "what does a power of 80% mean" is the power of a test.
    "power": re.compile(r"(?:потужн|мощност|power)\w*\s+(?:\w+\s+)?\d{2}\s?%"),
    # "why is the sample mean nearly normal even for skewed data" is the central limit theorem.
    "clt": re.compile(r"(?:выборочн|вибірков|sample)\w*\s+(?:средн|середн|mean)\w*[^.?!]{0,60}(?:нормальн|normal)"),
    # "implicit and explicit signals", "неявный и явный фидбек".
    "implicit_feedback": re.compile(r"implicit\s+(?:and|vs\.?|or)\s+explicit|explicit\s+(?:and|vs\.?|or)\s+implicit"
                                    r"|неявн\w*\s+(?:и|і|та|vs\.?)\s+явн|явн\w*\s+(?:и|і|та|vs\.?)\s+неявн"),
    # "test a new model on live traffic without showing users its predictions" is a shadow deployment.
    "shadow": re.compile(r"(?:live|production|боев|живо|реальн)\w*\s+(?:\w+\s+)?(?:traffic|трафик|трафік)[^.?!]{0,60}"
                         r"(?:without|не показ|не впливаючи|не влияя|не показуючи)"),
    # "граф", "графа", "графів" is a graph; "график", "графік" is a chart.
    "graph": re.compile(r"(?<!\w)граф(?:а|у|ом|е|ы|ов|ам|ами|ах|и|ів|і|ові)?(?!\w)"),
    # "semantic and instance segmentation" names both kinds.
    "semantic_seg": re.compile(r"(?:semantic|семантичн|семантическ)\w*\s+(?:і|и|та|and|or|або|или|vs\.?)\s+"
                               r"(?:instance|инстанс|інстанс|экземпляр|екземпляр)"),
}

# "Fraud detection", "детекция аномалий": finding rows, not the objects of an image (a qualifier).
_NOT_OBJECTS_RE = re.compile(
    r"(?<!\w)((?:fraud|anomal\w*|outlier\w*|drift|spam|intrusion|novelty|change)\s+)detect(?:ion|or)"
    r"|(?<!\w)детек(?:ц|тор)\w*(\s+(?:аномал|выброс|викид|мошен|фрод|шахрай|дрейф|дрифт|спам|fraud|anomal))")
_NOT_OBJECTS_WORD = r"\1finding\2"
# "Model complexity", "сложность модели" is capacity, not an algorithm's complexity.
_MODEL_COMPLEXITY_RE = re.compile(
    r"(?:model|модел\w*)\s+complexity|complexity\s+of\s+(?:the\s+|a\s+)?model|(?:сложност|складніст)\w*\s+модел")

# Concepts a PATTERN finds by their symptom, and the parts of the symptom that are no subject of
# their own: "train accuracy 0.99, validation 0.71" asks about overfitting, not about validation.
_DESCRIBED_BY: dict[str, set[str]] = {"overfitting": {"validation", "loss", "accuracy"}}

# Acronym-like Latin tokens that are names by themselves (ResNet, seq2seq, XGBoost, VGG).
_NAME_RE = re.compile(r"\b(?:[A-Za-z]*[A-Z][A-Za-z]*[A-Z0-9][A-Za-z0-9]*|[a-z]+\d+[a-z0-9]*)\b")
# Code identifiers (functools.lru_cache, oob_score_, df.apply) name one specific thing too.
# A function being defined in a snippet ("def add_item(...)") is the example's own name, not a subject.
_IDENTIFIER_RE = re.compile(r"(?<![\w.])(?<!def )(?<!class )[a-z][a-z0-9]*(?:[._][a-z0-9]+)+_?(?![\w.])")
# x1, y2, a0: variables in a formula ("a box given by (x1, y1, x2, y2)"), not names.
_VARIABLE_RE = re.compile(r"[a-z]\d+|[a-z]_[a-z0-9]{1,3}")  # x1, d_k, w_ij
_COMMON_NAMES = frozenset({
    "ml", "ai", "ds", "dl", "it", "hr", "ok", "id", "api", "faq", "qa", "ii", "iii", "iv", "vi",
    # SQL's own words name no subject by themselves: "WHERE vs HAVING" is the question, "in SQL" or
    # "WHERE COUNT(*) > 5" adds nothing.
    "sql", "select", "from", "count", "sum", "avg", "min", "max", "and", "or", "not", "null", "as", "on", "in",
    "is", "by", "group", "order", "limit", "distinct",
})


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    owner: dict[str, str] = {}
    parts: list[str] = []
    for concept, stems in CONCEPTS.items():
        for stem in stems:
            key = " ".join(stem.split())
            owner.setdefault(key, concept)
            if re.fullmatch(r"[a-z0-9]{2,3}", key):
                # A short Latin stem is a whole word (or its plural): "lr" is not "LRU", "ci" not "city".
                parts.append(re.escape(key) + r"(?:e?s)?(?![a-z])")
            else:
                parts.append(r"\w*\s+".join(re.escape(w) for w in key.split()))
    # Longest first so "cross-valid" wins over "valid" at the same position.
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")"), owner


def _stem_owner(match: str, owner: dict[str, str]) -> str | None:
    words = match.split()
    for key, concept in owner.items():
        kw = key.split()
        if len(kw) == len(words) and all(w.startswith(k) for w, k in zip(words, kw, strict=True)):
            return concept
    return None


@lru_cache(maxsize=65536)
def concepts(text: str) -> frozenset[str]:
    """The concepts a question names, plus its model/product names (ResNet, XGBoost)."""
    rx, owner = _pattern()
    low = text.lower().replace("–", "-").replace("—", "-")  # "bias–variance" is "bias-variance"
    low = _NOT_OBJECTS_RE.sub(_NOT_OBJECTS_WORD, low)
    low = _MODEL_COMPLEXITY_RE.sub("model capacity", low)
    low = low.replace("_", " ")  # "learning_rate" in code is the learning rate
    found: set[str] = set()
    for m in rx.finditer(low):
        concept = owner.get(m.group(0)) or _stem_owner(m.group(0), owner)
        if concept:
            found.add(concept)
    prose = _prose(text)
    for name in _NAME_RE.findall(prose) + _IDENTIFIER_RE.findall(prose):
        low_name = name.lower()
        if low_name in _COMMON_NAMES or owner.get(low_name) or _covered(low_name, owner) or _is_stem(low_name, rx):
            continue
        if _VARIABLE_RE.fullmatch(name):
            continue
        found.add("name:" + low_name)
    described = {concept for concept, rx_ in PATTERNS.items() if rx_.search(low)}
    found |= described
    for narrow, broad in SUBSUMES.items():
        if narrow in found:
            found -= broad
    for concept in described & _DESCRIBED_BY.keys():
        found -= _DESCRIBED_BY[concept]
    if "lay_audience" in found and found - GENERIC - {"lay_audience"}:
        # "MoE in simple words" asks what MoE is; only with nothing else named is the audience the subject.
        found.discard("lay_audience")
    return frozenset(found)


_CODE_LINE_RE = re.compile(
    r"^(?:\s{2,}\S|\s*(?:def|class|return|print|import|from|for|while|if|with|lambda|SELECT|FROM|WHERE)\b"
    r"|\s*[\w.\[\]]+\s*=|\s*[\w.]+\(.*\)\s*$|\s*```|\s*>>>)")


def _prose(text: str) -> str:
    """The question without the lines of its code snippet: the snippet's own names
    (add_item, bucket.append) are the example's, not the subject's."""
    first, *rest = text.split("\n")
    return "\n".join([first, *(line for line in rest if not _CODE_LINE_RE.match(line))])


def _is_stem(name: str, rx: re.Pattern[str]) -> bool:
    """Whether an identifier spells a concept ("learning_rate", "batch_norm")."""
    return "_" in name and rx.fullmatch(name.replace("_", " ").strip()) is not None


def _covered(name: str, owner: dict[str, str]) -> bool:
    return any(name.startswith(k) for k in owner if " " not in k and len(k) >= 3)


SAME, WEAK, DIFFERENT = "same", "weak", "different"


def relation(a: frozenset[str], b: frozenset[str], extra: int = 1, generic_conflicts: bool = True) -> str:
    """How two concept sets relate: SAME (they share a specific concept and differ in
    nothing that matters), WEAK (nothing specific in common, but nothing against it:
    only a very close embedding may then call them duplicates) or DIFFERENT.

    DIFFERENT when each side names something the other does not (L1/L2 regularisation
    vs L1/L2 loss, Docker vs Kubernetes, metrics for regression vs for classification),
    when one side adds a qualifier or a name (vanishing gradients *in seq2seq*), or adds
    more than ``extra`` further specific concepts. Generic concepts ("metric", "project")
    are never enough to make two questions the same; with ``generic_conflicts=False``
    they cannot make them different either (used when a card joins a confirmed group).
    """
    only_a, only_b = a - b, b - a
    if any(c in QUALIFIERS or c.startswith("name:") for c in only_a | only_b):
        return DIFFERENT

    spec_a, spec_b = only_a - GENERIC, only_b - GENERIC
    conflict = (only_a and only_b) if generic_conflicts else (spec_a and spec_b)
    if conflict or len(spec_a | spec_b) > extra:
        return DIFFERENT
    return SAME if (a & b) - GENERIC else WEAK


def same_subject(a: frozenset[str], b: frozenset[str], extra: int = 1) -> bool:
    """Whether two questions' concepts say they ask the same thing (see ``relation``)."""
    return relation(a, b, extra) == SAME
