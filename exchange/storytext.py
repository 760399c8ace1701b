"""The plain-text story format regional desks send, as in the seed file.

    - Headline one
    - Headline two

    Headline one

    SERANG, beritaindonesianet– First paragraph ...
    Another paragraph ...
    Last paragraph.(str)

A list of ``- `` headline lines comes first; then stories, each a headline line,
a dateline paragraph, paragraphs (one per line, blank lines allowed), and a
closing ``(initials)``. Listed headlines without a story become drafts.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from articles import datelines


@dataclass
class Story:
    line: int
    headline: str
    place: str = ""
    label: str = ""
    paragraphs: list[str] = field(default_factory=list)
    signoff: str = ""
    is_skipped: bool = False


@dataclass
class Problem:
    line: int
    message: str

    def __str__(self):
        return f"baris {self.line}: {self.message}"


@dataclass
class StoryFile:
    headlines: list[tuple[int, str]] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def headlines_without_story(self) -> list[tuple[int, str]]:
        told = {story.headline.casefold() for story in self.stories}
        return [(line, text) for line, text in self.headlines if text.casefold() not in told]


def parse(text: str) -> StoryFile:
    """Read a story file; problems are collected with their line numbers, never raised."""
    result = StoryFile()
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)]
    if not any(line for _number, line in lines):
        result.problems.append(Problem(1, "berkas kosong: tidak ada judul maupun berita"))
        return result

    position = 0
    while position < len(lines) and (not lines[position][1] or lines[position][1].startswith("- ")):
        number, line = lines[position]
        if line:
            headline = line[2:].strip()
            if headline:
                result.headlines.append((number, headline))
            else:
                result.problems.append(Problem(number, "baris judul kosong"))
        position += 1

    listed = {headline.casefold() for _n, headline in result.headlines}
    story: Story | None = None
    for number, line in lines[position:]:
        if not line:
            continue
        if story is not None and story.paragraphs and line.casefold() in listed:
            # A listed headline starts the next story even if this one lacked its sign-off.
            _unsigned(story, result)
            story = None
        if story is None:
            story = Story(line=number, headline=line)
            continue
        if not story.paragraphs:
            dateline = datelines.parse_dateline(line)
            if dateline is None:
                if line.casefold() in listed:
                    result.problems.append(
                        Problem(story.line, f"judul '{story.headline}' tanpa isi berita")
                    )
                    story = Story(line=number, headline=line)
                    continue
                result.problems.append(
                    Problem(
                        number,
                        f"berita '{story.headline}' tidak diawali dateline "
                        "'TEMPAT, sumber– ...'; berita ini dilewati",
                    )
                )
                story.is_skipped = True  # its lines are still consumed, up to the sign-off
                story.paragraphs.append(line)
                story = _close_if_signed(story, result, skip=True)
                continue
            story.place, story.label = dateline.place, dateline.label
            line = dateline.rest
        story.paragraphs.append(line)
        story = _close_if_signed(story, result, skip=story.is_skipped)

    if story is not None:
        if not story.paragraphs:
            result.problems.append(
                Problem(story.line, f"judul '{story.headline}' tanpa isi berita")
            )
        else:
            _unsigned(story, result)
    return result


def _unsigned(story: Story, result: StoryFile) -> None:
    if story.is_skipped:
        return
    result.problems.append(
        Problem(
            story.line,
            f"berita '{story.headline}' tidak ditutup inisial penulis, misalnya (str); "
            "berita ini tetap diimpor",
        )
    )
    result.stories.append(story)


def _close_if_signed(story: Story, result: StoryFile, *, skip: bool) -> Story | None:
    """End the story at a paragraph closing with '(initials)'."""
    text, initials = datelines.split_signoff(story.paragraphs[-1])
    if not initials:
        return story
    if not skip:
        story.paragraphs[-1] = text
        story.signoff = initials
        result.stories.append(story)
    return None


DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # Monday first
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
# "Kamis (11/5/25)" or "Kamis (11/5/2025)": the day and date Indonesian copy gives.
DAY_DATE = re.compile(
    r"\b(Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu)\s*\((\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\)",
    re.IGNORECASE,
)


@dataclass
class TextDate:
    """The day of the events a story's text gives, or why it cannot be trusted."""

    day: date | None
    warning: str = ""


def date_in_text(text: str, *, today: date) -> TextDate:
    """The first "Hari (d/m/yy)" in ``text``, if its weekday and date agree and it is no
    later than ``today``; else no day, with a warning that says why."""
    match = DAY_DATE.search(text)
    if match is None:
        return TextDate(None)
    name, day, month, year = match.groups()
    written = match.group(0)
    year = int(year) + (2000 if len(year) == 2 else 0)
    try:
        found = date(year, int(month), int(day))
    except ValueError:
        return TextDate(None, f"tanggal '{written}' tidak ada di kalender; dipakai waktu impor")
    actual = DAYS[found.weekday()]
    spoken = f"{found.day} {MONTHS[found.month - 1]} {found.year}"
    if actual.lower() != name.lower().replace("'", ""):
        return TextDate(
            None,
            f"hari dan tanggal '{written}' tidak cocok: {spoken} jatuh pada hari {actual}; "
            "dipakai waktu impor",
        )
    if found > today:
        return TextDate(None, f"tanggal '{written}' belum tiba; dipakai waktu impor")
    return TextDate(found)
