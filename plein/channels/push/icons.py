"""Draw the app icons from the favicon's design (plein/static/plein/favicon.svg).

The PNGs are committed under static/push/icons/; run this after changing
the design: ``python -m plein.channels.push.icons``. "any" icons have the
favicon's rounded corners; maskable icons fill the square (the launcher cuts
its own shape; the circle stays well inside the 80% safe zone); the badge is
the white circle alone, as Android draws badges from their alpha channel.
"""

from pathlib import Path

from PIL import Image, ImageDraw

START = (0x0B, 0x6E, 0x69)  # the favicon's gradient, top left ...
END = (0x72, 0x8E, 0x4C)  # ... to bottom right
CIRCLE = 5.5 / 32  # radius, as a share of the side
CORNER = 8 / 32
OVERSAMPLE = 4
FOLDER = Path(__file__).parent / "static" / "push" / "icons"


def _gradient(side: int) -> Image.Image:
    image = Image.new("RGB", (side, side))
    pixels = image.load()
    if pixels is None:  # pragma: no cover - only for an empty image
        return image
    span = 2 * (side - 1) or 1
    for y in range(side):
        for x in range(side):
            t = (x + y) / span
            pixels[x, y] = tuple(
                round(a + (b - a) * t) for a, b in zip(START, END, strict=True)
            )
    return image


def draw_icon(size: int, *, rounded: bool) -> Image.Image:
    side = size * OVERSAMPLE
    icon = _gradient(side).convert("RGBA")
    if rounded:
        mask = Image.new("L", (side, side), 0)
        ImageDraw.Draw(mask).rounded_rectangle(
            (0, 0, side - 1, side - 1), radius=round(side * CORNER), fill=255
        )
        icon.putalpha(mask)
    radius = side * CIRCLE
    centre = side / 2
    ImageDraw.Draw(icon).ellipse(
        (centre - radius, centre - radius, centre + radius, centre + radius),
        fill=(255, 255, 255, 255),
    )
    return icon.resize((size, size), Image.Resampling.LANCZOS)


def draw_badge(size: int) -> Image.Image:
    side = size * OVERSAMPLE
    badge = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    radius = side * 0.36
    centre = side / 2
    ImageDraw.Draw(badge).ellipse(
        (centre - radius, centre - radius, centre + radius, centre + radius),
        fill=(255, 255, 255, 255),
    )
    return badge.resize((size, size), Image.Resampling.LANCZOS)


def build_icons(folder: Path = FOLDER) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    images = {
        "icon-192.png": draw_icon(192, rounded=True),
        "icon-512.png": draw_icon(512, rounded=True),
        "maskable-192.png": draw_icon(192, rounded=False),
        "maskable-512.png": draw_icon(512, rounded=False),
        # iOS rounds the corners itself and shows transparency as black.
        "apple-touch-icon.png": draw_icon(180, rounded=False).convert("RGB"),
        "badge-96.png": draw_badge(96),
    }
    paths = []
    for name, image in images.items():
        path = folder / name
        image.save(path, optimize=True)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in build_icons():
        print(written)  # noqa: T201
