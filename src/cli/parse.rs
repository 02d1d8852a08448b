//! The command line's own value syntaxes: boxes (`N:x1,y1,x2,y2`) and palettes
//! (`#RRGGBB:60,…`), each refused with a sentence that shows the form to use.

use crate::api::job::{BBox, PaletteColor};

/// `N:x1,y1,x2,y2` → (image index 0-based, box).
pub fn parse_box(s: &str) -> Result<(usize, BBox), String> {
    let usage = || {
        format!(
            "--box \"{s}\" should look like 1:10,20,300,400 (image number, then x1,y1,x2,y2 in pixels)"
        )
    };
    let (n, coords) = s.split_once(':').ok_or_else(usage)?;
    let n: usize = n
        .trim()
        .parse()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(usage)?;
    let v: Vec<u32> = coords
        .split(',')
        .map(|c| c.trim().parse::<u32>())
        .collect::<Result<_, _>>()
        .map_err(|_| usage())?;
    match v[..] {
        [x1, y1, x2, y2] => Ok((n - 1, BBox::new(x1, y1, x2, y2))),
        _ => Err(usage()),
    }
}

/// `#RRGGBB:60,#RRGGBB:40` → palette.
pub fn parse_palette(s: &str) -> Result<Vec<PaletteColor>, String> {
    s.split(',')
        .map(|entry| {
            let (hex, pct) = entry
                .trim()
                .split_once(':')
                .ok_or_else(|| format!("palette entry \"{entry}\" should look like #C2D1E6:60"))?;
            let percent: f64 =
                pct.trim().trim_end_matches('%').parse().map_err(|_| {
                    format!("palette entry \"{entry}\": \"{pct}\" is not a percentage")
                })?;
            Ok(PaletteColor {
                hex: hex.trim().to_string(),
                percent,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_and_palettes_parse_with_helpful_errors() {
        assert_eq!(
            parse_box("2:10,20,30,40").unwrap(),
            (1, BBox::new(10, 20, 30, 40))
        );
        assert!(
            parse_box("0:1,2,3,4")
                .unwrap_err()
                .contains("1:10,20,300,400")
        );
        assert!(parse_box("1:1,2,3").is_err());
        let p = parse_palette("#C2D1E6:60,#ffffff:40%").unwrap();
        assert_eq!(p[1].percent, 40.0);
        assert!(parse_palette("#fff").unwrap_err().contains("#C2D1E6:60"));
    }
}
