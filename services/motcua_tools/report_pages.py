"""A report as its reader sees it: DOCX -> PDF with LibreOffice headless -> PNG pages with pdftoppm.

    python -m motcua_tools.report_pages MODEL.json OUTDIR [--format docx] [--pages 1,2,last] [--dpi 60]

writes OUTDIR/<name>.pdf and OUTDIR/<name>-page<N>.png; the screenshots in docs/screenshots are made so.
Needs soffice (libreoffice-writer-nogui, libreoffice-calc-nogui) and pdftoppm (poppler-utils)."""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from reporting.render import filename, render

TOOLS = ("soffice", "pdftoppm", "pdfinfo", "pdftotext")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def to_pdf(document: Path, out_dir: Path) -> Path:
    """LibreOffice headless, with a profile of its own so it never meets a running office."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(document)], check=True, capture_output=True, timeout=300)
    return out_dir / f"{document.stem}.pdf"


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def page_size(pdf: Path, page: int) -> tuple[float, float]:
    """(width, height) in points: landscape pages are wider than tall."""
    info = subprocess.run(["pdfinfo", "-f", str(page), "-l", str(page), str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    width, height = re.search(rf"^Page\s+{page} size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups()
    return float(width), float(height)


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def page_image(pdf: Path, page: int, target: Path, dpi: int = 60) -> Path:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(target.with_suffix(""))], check=True, capture_output=True, timeout=120)
    return target


def render_pages(model: dict, out_dir: Path, fmt: str = "docx", pages: str = "1,2,last", dpi: int = 60) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    name = Path(filename(model["period"], fmt))
    running = "-running" if model.get("complete") is False else ""
    document = out_dir / f"{name.stem}{running}{name.suffix}"
    document.write_bytes(render(model, fmt))
    pdf = to_pdf(document, out_dir)
    last = page_count(pdf)
    numbers = [last if page == "last" else int(page) for page in pages.split(",")]
    return [pdf] + [page_image(pdf, n, out_dir / f"{pdf.stem}-page{n}.png", dpi) for n in numbers]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--format", default="docx", choices=("docx", "checks_docx", "xlsx"))
    parser.add_argument("--pages", default="1,2,last", help="page numbers, 'last' for the last one")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args(argv)
    if missing_tools():
        parser.error(f"not installed: {', '.join(missing_tools())}")
    for path in render_pages(json.loads(args.model.read_text(encoding="utf-8")), args.out_dir, args.format,
                             args.pages, args.dpi):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
