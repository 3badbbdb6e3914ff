"""Programmes for the demo school's approved, active and finished groups."""

import datetime

from mentoring.choices import Direction, GroupStatus, Mode

from .models import Programme, ProgrammeActivity

PLAN = [
    (Direction.REGULATORY, "Изучение нормативных документов: ФГОС, рабочая программа", "Рабочая программа оформлена"),
    (Direction.METHODICAL, "Посещение уроков наставника и их анализ", "Анализ пяти уроков"),
    (Direction.PROFESSIONAL, "Подготовка и проведение открытого урока", "Открытый урок проведён"),
    (Direction.PSYCHOLOGICAL, "Приёмы работы с дисциплиной в классе", "Памятка приёмов"),
    (Direction.DIGITAL, "Цифровые инструменты для урока", "Три урока с цифровыми ресурсами"),
]


def build(demo) -> None:
    for group in demo.groups:
        if group.status == GroupStatus.PROPOSED:
            continue
        start = group.planned_start
        programme = Programme(
            group=group,
            title=f"Персонализированная программа наставничества (группа № {group.pk})",
            problem="Профессиональные затруднения наставляемого, выявленные анкетированием",
            goals="Раскрытие потенциала наставляемого, успешная адаптация",
            tasks="Оказать методическую помощь",
            content="Совместная работа по плану",
            interim_results="Проведены пробная встреча и встреча-планирование",
            planned_results="Повышение уровня профессиональной компетентности",
            schedule="Раз в две недели",
            mode=Mode.MIXED,
            conditions="Кабинет, доступ к сети",
            start_date=start,
            end_date=min(group.planned_end, start + datetime.timedelta(days=300)),
            status=Programme.Status.COMPLETED if group.status == GroupStatus.COMPLETED else Programme.Status.AGREED,
            agreed_on=start,
        )
        programme.full_clean()
        programme.save()
        for position, (direction, title, result) in enumerate(PLAN):
            due = start + datetime.timedelta(days=30 * (position + 1))
            done = group.status == GroupStatus.COMPLETED or (group.status == GroupStatus.ACTIVE and position < 2)
            ProgrammeActivity.objects.create(
                programme=programme,
                direction=direction,
                title=title,
                expected_result=result,
                due_date=due,
                position=position,
                status=ProgrammeActivity.Status.DONE if done else ProgrammeActivity.Status.PLANNED,
                done_on=due if done else None,
            )
