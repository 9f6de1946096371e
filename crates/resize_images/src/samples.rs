//! Test images for a run without `--dir`: the same pictures on every run and every machine.

use std::fs;
use std::path::{Path, PathBuf};

use image::{Rgb, RgbImage};
use rayon::prelude::*;

pub const WIDTH: u32 = 1920;
pub const HEIGHT: u32 = 1080;

/// Saves `count` pictures as PNG files in `dir` (made in parallel: this is not what is timed)
/// and returns their paths.
pub fn make(dir: &Path, count: u32) -> Result<Vec<PathBuf>, String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    (0..count)
        .into_par_iter()
        .map(|index| {
            let path = dir.join(format!("picture-{index:04}.png"));
            picture(index)
                .save(&path)
                .map_err(|e| format!("cannot save {}: {e}", path.display()))?;
            Ok(path)
        })
        .collect()
}

/// Picture `index`: colour gradients that shift from one picture to the next, with a fine grain
/// so that, like a photo, it does not compress to almost nothing.
fn picture(index: u32) -> RgbImage {
    RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        let grain = grain(x, y, index);
        let red = x * 240 / WIDTH + grain;
        let green = y * 240 / HEIGHT + grain;
        let blue = (x + y + index * 40) % 240 + grain;
        // Each is below 240 + 16.
        Rgb([red as u8, green as u8, blue as u8])
    })
}

/// 0 to 15, evenly spread and without visible pattern: a few rounds of multiply and xor-shift.
fn grain(x: u32, y: u32, index: u32) -> u32 {
    let mut h = x.wrapping_mul(0x9e37_79b1) ^ y.wrapping_mul(0x85eb_ca77) ^ index;
    h ^= h >> 15;
    h = h.wrapping_mul(0x2c1b_3c6d);
    h ^= h >> 13;
    h >> 28
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_index_gives_the_same_picture_and_others_differ() {
        assert_eq!(picture(3), picture(3));
        assert_ne!(picture(3), picture(4));
        assert_eq!(picture(0).dimensions(), (WIDTH, HEIGHT));
    }

    #[test]
    fn the_grain_covers_its_range() {
        let mut seen = [0_u32; 16];
        for x in 0..256 {
            seen[grain(x, 7, 1) as usize] += 1;
        }
        assert!(seen.iter().all(|&n| (8..=24).contains(&n)), "{seen:?}");
    }
}
