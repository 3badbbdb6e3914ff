"""The school's standard consent text (152-ФЗ art. 9 part 4): one place for forms, printed blanks and the demo.

The text is Russian on purpose: it is the legal wording printed on the signed paper, not interface text.
"""

import datetime

PURPOSE = (
    "участие в реализации целевой модели наставничества в образовательной организации: формирование баз "
    "наставников и наставляемых, закрепление наставнических пар и групп, реализация персонализированных "
    "программ наставничества, мониторинг и отчётность"
)
DATA_LIST = (
    "фамилия, имя, отчество; дата рождения; класс или должность и преподаваемый предмет; место работы или учёбы; "
    "контактный телефон; адрес электронной почты; сведения об участии в программе наставничества "
    "(запросы, компетенции, результаты)"
)
ACTIONS = (
    "сбор, запись, систематизация, накопление, хранение, уточнение (обновление, изменение), извлечение, "
    "использование, передача (предоставление, доступ) органам управления образованием, обезличивание, "
    "блокирование, удаление, уничтожение; обработка смешанная, с использованием средств автоматизации и без них"
)
# How long a consent is valid at most: the programme's term, but no more than this many years.
TERM_YEARS = 2
DEFAULT_VALIDITY_DAYS = 365 * TERM_YEARS
WITHDRAWAL = (
    "Согласие может быть отозвано мной в любое время письменным заявлением, поданным оператору лично или "
    "направленным по почте (часть 2 статьи 9 Федерального закона № 152-ФЗ). После получения отзыва оператор "
    "прекращает обработку персональных данных и обезличивает их в срок, не превышающий 30 дней, за исключением "
    "сведений в подписанных приказах, хранение которых предусмотрено законодательством об архивном деле."
)

# --- Consent to publication on the school site (152-ФЗ art. 10.1): a separate document --------------------------

PUBLICATION_SECTION = "Наставничество"
PUBLICATION_PURPOSE = (
    "информирование участников образовательных отношений и общественности о реализации целевой модели "
    "наставничества, размещение сведений о наставнических парах и группах и лучших практиках наставничества"
)
PUBLICATION_DATA_LIST = (
    "фамилия, имя, отчество; фотографическое изображение; роль в программе наставничества (наставник или "
    "наставляемый), должность или класс; результаты участия в программе наставничества (описание кейса, "
    "достижения, отзывы)"
)
PUBLICATION_ACTIONS = (
    "распространение (размещение) персональных данных неограниченному кругу лиц на официальном сайте "
    "образовательной организации; без передачи третьим лицам для иных целей"
)
PUBLICATION_CONDITIONS = (
    "Запретов и условий на обработку перечисленных персональных данных неограниченным кругом лиц не "
    "устанавливаю, кроме следующих: ________________________________________________"
)
PUBLICATION_WITHDRAWAL = (
    "Я вправе в любое время потребовать прекратить распространение моих персональных данных и удалить их с "
    "сайта, направив оператору письменное требование (часть 12 статьи 10.1 Федерального закона № 152-ФЗ); "
    "распространение прекращается в течение трёх рабочих дней с момента получения требования. Отказ от "
    "публикации не влияет на участие в программе наставничества."
)


def default_valid_until(start: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=DEFAULT_VALIDITY_DAYS)


def term_text(valid_until: datetime.date | None = None) -> str:
    """The term printed on a form: a recorded date, or the programme's term capped at TERM_YEARS."""
    if valid_until:
        return f"по {valid_until:%d.%m.%Y} включительно"
    # «не более» takes the genitive: «1 года», «2 лет», «5 лет», «21 года».
    years = "года" if TERM_YEARS % 10 == 1 and TERM_YEARS % 100 != 11 else "лет"
    return f"на срок реализации программы наставничества, но не более {TERM_YEARS} {years}"


def publication_place(website: str) -> str:
    """Where published data appears: the «Наставничество» section of the school site, by its address."""
    site = (website or "").strip()
    section = f"раздел «{PUBLICATION_SECTION}» официального сайта образовательной организации"
    return f"{section}: {site.rstrip('/')}/" if site else section


def standard_fields(kind: str = "processing", website: str = "") -> dict:
    """Initial values of a new consent of the given kind."""
    if kind == "publication":
        return {
            "purpose": PUBLICATION_PURPOSE,
            "data_list": PUBLICATION_DATA_LIST,
            "actions": PUBLICATION_ACTIONS,
            "publication_place": publication_place(website),
        }
    return {"purpose": PURPOSE, "data_list": DATA_LIST, "actions": ACTIONS}
