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
WITHDRAWAL = (
    "Согласие действует до истечения указанного срока или до его отзыва. Согласие может быть отозвано "
    "письменным заявлением, поданным в образовательную организацию; после отзыва обработка прекращается, "
    "а данные обезличиваются, за исключением подписанных приказов."
)
# How long a consent is valid by default: two academic years.
DEFAULT_VALIDITY_DAYS = 365 * 2


def default_valid_until(start: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=DEFAULT_VALIDITY_DAYS)


def standard_fields() -> dict:
    """Initial values of a new consent."""
    return {"purpose": PURPOSE, "data_list": DATA_LIST, "actions": ACTIONS}
