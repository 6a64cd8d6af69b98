"""The report as a sequence of format-neutral blocks; the DOCX and HTML writers each walk it once."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1: "I. ...", 2: "1. ...", 3: "4.1. ..."
    kind: str = "heading"


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body | item (a "- " or "+ " line) | note (centred italic) | small (footnote-sized)
    keep_with_next: bool = False  # an introduction that must not be left alone at the foot of a page
    kind: str = "paragraph"


@dataclass(frozen=True)
class HeaderCell:
    text: str
    first_col: int  # 0-based
    last_col: int
    first_row: int
    last_row: int

    @property
    def colspan(self) -> int:
        return self.last_col - self.first_col + 1

    @property
    def rowspan(self) -> int:
        return self.last_row - self.first_row + 1


@dataclass(frozen=True)
class Table:
    key: str
    header: tuple[HeaderCell, ...]
    header_rows: int
    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...]
    total_row: tuple[str, ...] | None = None
    numbered: bool = False  # a last header row "(1) (2) ... (n)" as official forms have
    note: str = ""
    font_pt: float = 12
    kind: str = "table"

    @property
    def columns(self) -> int:
        return len(self.widths_mm)


@dataclass(frozen=True)
class Chart:
    key: str
    caption: str
    png: bytes
    width_mm: float = 160
    kind: str = "chart"


@dataclass(frozen=True)
class Notice:
    title: str
    items: tuple[str, ...]
    kind: str = "notice"


@dataclass(frozen=True)
class Appendix:
    """Starts a new page (landscape when asked) with the centred appendix title."""
    title: str
    subtitle: str
    note: str
    landscape: bool = False
    kind: str = "appendix"


Block = Heading | Paragraph | Table | Chart | Notice | Appendix


@dataclass(frozen=True)
class Letterhead:
    parent_agency: str
    issuer: str
    issuer_name: str  # as written in running text: "Văn phòng UBND tỉnh"
    number: str
    place_date: str
    title: str
    subtitle_lines: tuple[str, ...]
    recipients: tuple[str, ...]
    signer_lines: tuple[str, ...]
    signer_name: str
    provisional: str = ""  # "SỐ LIỆU TẠM TÍNH ..." under the title while the month is running


@dataclass(frozen=True)
class ReportDocument:
    letterhead: Letterhead
    body: tuple[Block, ...]
    closing: str
    appendices: tuple[Block, ...] = field(default_factory=tuple)
    footer_note: str = ""
    signed: bool = True  # False: a working paper (Phiếu kiểm tra số liệu), no recipients and no signature


def simple_header(titles: list[str]) -> tuple[HeaderCell, ...]:
    return tuple(HeaderCell(text, col, col, 0, 0) for col, text in enumerate(titles))
