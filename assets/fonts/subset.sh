#!/usr/bin/env bash
# Rebuilds the two bundled CJK fonts from Noto Sans CJK (SIL OFL 1.1), keeping only the characters
# the window's own words use: every non-ASCII character of the language files (assets/i18n) and of
# the sources (src/). Run it when the font test (fonts::every_character_of_the_window_is_bundled)
# names a character the bundled fonts lack. Needs Debian's fonts-noto-cjk (1:20220127+repack1-1,
# i.e. Noto Sans CJK 2.004) and fonttools' pyftsubset (pip install fonttools); not run by CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
ttc=${NOTO_CJK_TTC:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
[ -f "$ttc" ] || { echo "no $ttc: apt-get install fonts-noto-cjk, or set NOTO_CJK_TTC"; exit 1; }
chars=$(mktemp)
python3 - "$chars" <<'PY'
import glob, sys
chars = set()
for f in sorted(glob.glob('assets/i18n/*.ftl') + glob.glob('src/**/*.rs', recursive=True)):
    chars |= {c for c in open(f, encoding='utf-8').read() if ord(c) > 127}
open(sys.argv[1], 'w', encoding='utf-8').write(''.join(sorted(chars)))
print(len(chars), 'characters')
PY
# Faces of the collection: 0 = Noto Sans CJK JP, 2 = Noto Sans CJK SC.
pyftsubset "$ttc" --font-number=0 --text-file="$chars" --output-file=assets/fonts/NotoSansCJKjp-wanedit-subset.otf
pyftsubset "$ttc" --font-number=2 --text-file="$chars" --output-file=assets/fonts/NotoSansCJKsc-wanedit-subset.otf
rm -f "$chars"
ls -l assets/fonts/*.otf
