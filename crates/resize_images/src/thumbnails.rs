//! One thumbnail: read and decode the image, resize it, encode and save it. Also which files of
//! a folder are images, and the check of every thumbnail made.

use std::fs;
use std::path::{Path, PathBuf};

use fast_image_resize::images::{TypedImage, TypedImageRef};
use fast_image_resize::pixels::{U8x3, U8x4};
use fast_image_resize::{PixelTrait, Resizer};
use image::{DynamicImage, ImageBuffer, ImageReader, Pixel, RgbImage, RgbaImage};
use serde::{Deserialize, Serialize};

/// A thumbnail is at most this wide and this high.
pub const MAX_SIDE: u32 = 256;

/// The files read, by extension: the formats this crate is built with.
const EXTENSIONS: [&str; 3] = ["png", "jpg", "jpeg"];

/// One image to make a thumbnail of, and where to save it: in the folder of its way, under the
/// image's own name, so that it is saved in the image's format.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Job {
    image: PathBuf,
    thumbnail: PathBuf,
}

/// A thumbnail saved, with the size of the image it was made from; or why there is none.
pub type Outcome = Result<Thumbnail, String>;

#[derive(Debug, Serialize, Deserialize)]
pub struct Thumbnail {
    path: PathBuf,
    image_size: (u32, u32),
}

/// The task, the same in every way: decoding, resizing and encoding are all CPU work.
pub fn make_thumbnail(job: Job) -> Outcome {
    let reader = ImageReader::open(&job.image).map_err(|e| format!("cannot open it: {e}"))?;
    let image = (reader.with_guessed_format())
        .map_err(|e| format!("cannot read it: {e}"))?
        .decode()
        .map_err(|e| format!("cannot decode it: {e}"))?;
    let image_size = (image.width(), image.height());
    let thumbnail = resize(image, fit(image_size.0, image_size.1));
    (thumbnail.save(&job.thumbnail)).map_err(|e| format!("cannot save its thumbnail: {e}"))?;
    Ok(Thumbnail {
        path: job.thumbnail,
        image_size,
    })
}

/// Lanczos3, as Pillow's `Image.LANCZOS` (fast_image_resize's default filter), on 8-bit RGB or
/// RGBA pixels, whichever keeps the image's colours. fast_image_resize's `resize` of a
/// `DynamicImage` would take any of 13 pixel layouts, and compiling its filters for all of them
/// took over a minute here; a thumbnail needs no more than 8 bits per channel.
fn resize(image: DynamicImage, (width, height): (u32, u32)) -> DynamicImage {
    if image.color().has_alpha() {
        let mut thumbnail = RgbaImage::new(width, height);
        lanczos3::<U8x4, _>(&image.into_rgba8(), &mut thumbnail);
        thumbnail.into()
    } else {
        let mut thumbnail = RgbImage::new(width, height);
        lanczos3::<U8x3, _>(&image.into_rgb8(), &mut thumbnail);
        thumbnail.into()
    }
}

/// `P` is fast_image_resize's name for the image crate's pixel type `Px`.
fn lanczos3<P: PixelTrait, Px: Pixel<Subpixel = u8>>(
    image: &ImageBuffer<Px, Vec<u8>>,
    thumbnail: &mut ImageBuffer<Px, Vec<u8>>,
) {
    // The buffers hold whole pixels of the layout `P`, so neither view nor resize can fail.
    let same_layout = "the image crate's pixels match fast_image_resize's";
    let (width, height) = image.dimensions();
    let from = TypedImageRef::<P>::from_buffer(width, height, image.as_raw()).expect(same_layout);
    let (width, height) = thumbnail.dimensions();
    let mut to = TypedImage::<P>::from_buffer(width, height, thumbnail).expect(same_layout);
    (Resizer::new().resize_typed(&from, &mut to, None)).expect(same_layout);
}

/// The largest size of the image's shape that fits in `MAX_SIDE` x `MAX_SIDE`, rounded to whole
/// pixels; a smaller image keeps its size, as with Pillow's `thumbnail`.
pub fn fit(width: u32, height: u32) -> (u32, u32) {
    let longest = u64::from(width.max(height));
    if longest <= u64::from(MAX_SIDE) {
        return (width, height);
    }
    let scale = |side: u32| {
        let scaled = (u64::from(side) * u64::from(MAX_SIDE) + longest / 2) / longest;
        // At most MAX_SIDE, so it fits; at least one pixel.
        (scaled as u32).max(1)
    };
    (scale(width), scale(height))
}

/// The PNG and JPEG files in `dir`, by name.
pub fn images_in(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let cannot_read = |e| format!("cannot read the folder {}: {e}", dir.display());
    let mut images = Vec::new();
    for entry in fs::read_dir(dir).map_err(cannot_read)? {
        let path = entry.map_err(cannot_read)?.path();
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str()) {
            images.push(path);
        }
    }
    if images.is_empty() {
        return Err(format!("no PNG or JPEG images in {}", dir.display()));
    }
    images.sort();
    Ok(images)
}

/// The jobs of the three ways (one after another, rayon, worker processes), one per image each.
/// Each way saves its thumbnails in a folder of its own under `dir`, where `check` finds them.
pub fn jobs_of_each_way(images: &[PathBuf], dir: &Path) -> Result<[Vec<Job>; 3], String> {
    let jobs_in = |way: &str| jobs(images, &dir.join(way));
    Ok([
        jobs_in("sequential")?,
        jobs_in("rayon")?,
        jobs_in("processes")?,
    ])
}

/// A job per image, for a way that saves its thumbnails in `dir`.
fn jobs(images: &[PathBuf], dir: &Path) -> Result<Vec<Job>, String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    let job = |image: &PathBuf| {
        let name = image.file_name().unwrap_or(image.as_os_str());
        Job {
            image: image.clone(),
            thumbnail: dir.join(name),
        }
    };
    Ok(images.iter().map(job).collect())
}

/// Prints one line for each image that has no thumbnail, and checks each thumbnail made: its
/// file holds an image of the size `fit` gives for the original. Returns whether every image
/// has its thumbnails.
pub fn check(images: &[PathBuf], ways: &[Vec<Outcome>]) -> bool {
    let mut all_made = true;
    for (index, image) in images.iter().enumerate() {
        let outcomes = ways.iter().map(|outcomes| &outcomes[index]);
        // The ways read the same file; one line per image says why it failed.
        if let Some(Err(why)) = outcomes.clone().find(|outcome| outcome.is_err()) {
            eprintln!("error: {}: {why}", image.display());
            all_made = false;
        }
        for thumbnail in outcomes.flatten() {
            let (width, height) = thumbnail.image_size;
            let saved = image::image_dimensions(&thumbnail.path).ok();
            assert_eq!(
                saved,
                Some(fit(width, height)),
                "the thumbnail {} of a {width}x{height} image",
                thumbnail.path.display()
            );
        }
    }
    all_made
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn thumbnails_keep_the_shape_and_fit_the_box() {
        assert_eq!(fit(1920, 1080), (256, 144));
        assert_eq!(fit(1080, 1920), (144, 256));
        assert_eq!(fit(3000, 2000), (256, 171));
        assert_eq!(fit(512, 512), (256, 256));
        assert_eq!(fit(10_000, 10), (256, 1));
        // Never larger than the image.
        assert_eq!(fit(200, 100), (200, 100));
        assert_eq!(fit(256, 1), (256, 1));
    }
}
