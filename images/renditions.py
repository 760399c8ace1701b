"""Responsive crops of a library photo, made by django-imagekit (Pillow underneath).

Each photo gets a downscaled working copy (the original is decoded once), and from it
the three crops Google asks for (16:9, 4:3, 1:1) at several widths, each in AVIF, WebP
and JPEG. Crops are anchored at the photo's focal point, which therefore always stays
inside the frame. The names of the generated files are kept on the Image row
(``Image.renditions``) so pages never compute or look for them.
"""

from django.core.files import File
from django.core.files.storage import default_storage
from imagekit.cachefiles import ImageCacheFile
from imagekit.specs import ImageSpec
from PIL import Image as PILImage
from pilkit.processors import ResizeToFill, ResizeToFit
from pilkit.processors.base import ProcessorPipeline
from pilkit.utils import img_to_fobj, process_image

RATIOS = {
    "16x9": ((16, 9), (320, 640, 960, 1280, 1600)),
    "4x3": ((4, 3), (320, 640, 1200)),
    "1x1": ((1, 1), (320, 1200)),
}
# (key, Pillow format, MIME type, encoder options); the last one is the <img> fallback.
FORMATS = (
    ("avif", "AVIF", "image/avif", {"quality": 55, "speed": 10}),
    ("webp", "WEBP", "image/webp", {"quality": 78, "method": 3}),
    ("jpg", "JPEG", "image/jpeg", {"quality": 82, "optimize": True, "progressive": True}),
)
WORKING_SIZE = 2400
DIRECTORY = "renditions"


class WorkingCopy(ImageSpec):
    """The photo at most 2400 px on its long side: the source of every crop."""

    processors = [ResizeToFit(WORKING_SIZE, WORKING_SIZE, upscale=False)]
    format = "JPEG"
    options = {"quality": 92}

    def __init__(self, source, *, stem: str):
        super().__init__(source)
        self.stem = stem

    def generate(self):
        # A JPEG is decoded straight at a reduced scale (draft mode): a 24 MP photo is
        # never expanded in memory at full size just to be shrunk.
        with self.source.open("rb") as handle:
            image = PILImage.open(handle)
            image.draft("RGB", (WORKING_SIZE, WORKING_SIZE))
            image.load()
        return process_image(
            image, processors=self.processors, format=self.format, options=self.options
        )

    @property
    def cachefile_name(self):
        return f"{DIRECTORY}/{self.stem}/working-{self.get_hash()[:10]}.jpg"


class Crop(ImageSpec):
    """One crop: ratio and width, anchored at the focal point, in one format.

    All crops of a photo share the working copy, decoded once (``pixels``), and the three
    formats of one crop share its resized pixels (``resized``).
    """

    def __init__(
        self, source, *, pixels, resized, stem, ratio, width, height, anchor, fmt, options
    ):
        super().__init__(source)
        self.pixels, self.resized = pixels, resized
        self.processors = [ResizeToFill(width, height, anchor=anchor, upscale=False)]
        self.format, self.options = fmt, options
        self.stem, self.label = stem, f"{ratio}-{width}"

    def generate(self):
        if self.label not in self.resized:
            self.resized[self.label] = ProcessorPipeline(self.processors).process(self.pixels)
        return img_to_fobj(self.resized[self.label].copy(), self.format, True, **self.options)

    def __getstate__(self):
        state = super().__getstate__()
        # The hash covers source name, processors, format and options, not the pixels.
        state.pop("pixels", None)
        state.pop("resized", None)
        return state

    @property
    def cachefile_name(self):
        extension = {"AVIF": "avif", "WEBP": "webp", "JPEG": "jpg"}[self.format]
        return f"{DIRECTORY}/{self.stem}/{self.label}-{self.get_hash()[:10]}.{extension}"


def crop_widths(image_width: int, image_height: int, ratio: tuple[int, int], widths) -> list[int]:
    """The widths worth making: none wider than the largest crop the photo holds."""
    across, down = ratio
    largest = min(image_width, image_height * across // down)
    usable = [w for w in widths if w <= largest]
    return usable or [largest]


def build(image) -> dict:
    """Generate every crop of ``image`` and return the manifest to store on it."""
    stem = image.file.name.rsplit(".", 1)[0].removeprefix("images/").replace("/", "-")
    working = ImageCacheFile(WorkingCopy(image.file, stem=stem))
    working.generate()
    with default_storage.open(working.name) as handle:
        pixels = PILImage.open(handle)
        pixels.load()
    anchor = (image.focal_x, image.focal_y)
    resized = {}
    manifest = {"key": image.focal_key, "crops": {}}
    for ratio, ((across, down), widths) in RATIOS.items():
        rows = []
        for width in crop_widths(image.width, image.height, (across, down), widths):
            height = round(width * down / across)
            sources = {}
            for key, fmt, _mime, options in FORMATS:
                spec = Crop(
                    File(None, name=working.name),
                    pixels=pixels,
                    resized=resized,
                    stem=stem,
                    ratio=ratio,
                    width=width,
                    height=height,
                    anchor=anchor,
                    fmt=fmt,
                    options=options,
                )
                cache_file = ImageCacheFile(spec)
                cache_file.generate()
                sources[key] = cache_file.name
            # Feeds announce the JPEG's size in bytes (RSS enclosure length).
            sources["jpg_bytes"] = default_storage.size(sources["jpg"])
            rows.append({"w": width, "h": height, **sources})
        manifest["crops"][ratio] = rows
    manifest["working"] = working.name
    return manifest


def names_in(manifest: dict) -> set[str]:
    names = {manifest["working"]} if manifest.get("working") else set()
    for rows in manifest.get("crops", {}).values():
        for row in rows:
            names.update(row[key] for key, *_rest in FORMATS if key in row)
    return names


def delete_unused(old: dict, new: dict) -> None:
    """Remove crops of an earlier focal point that no manifest refers to any more."""
    for name in names_in(old) - names_in(new):
        default_storage.delete(name)


def srcset(rows: list[dict], key: str) -> str:
    return ", ".join(f"{default_storage.url(row[key])} {row['w']}w" for row in rows if key in row)
