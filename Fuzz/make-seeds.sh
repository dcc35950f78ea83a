#!/usr/bin/env bash
# Writes the fuzzer's seed inputs into DIR (made afresh): every golden fixture input
# (Tests/Fixtures/**, except *.expected.json and *.http), plus a few odd documents the fixtures
# lack. Each seed is one options byte (Sources/FeedFuzzer/FeedFuzzer.swift: bits 0-2 charset
# hint, bit 3 document URL) followed by the document. A fixture with a sibling .http file gets
# the URL bit and the charset its Content-Type names, as the golden test passes them.
# Usage: Fuzz/make-seeds.sh FIXTURES_DIR DIR
set -euo pipefail
fixtures=$1
out=$2
rm -rf "$out"
mkdir -p "$out"

# seed NAME OPTIONS_BYTE_OCTAL: the document on stdin.
seed() { { printf "\\$2"; cat; } > "$out/$1"; }

count=0
while IFS= read -r -d '' file; do
  http="${file%.*}.http"
  options=000
  if [ -f "$http" ]; then
    # Bit 3 (URL) when the .http names one; bits 0-2 from its charset, when it is in the list.
    charset=$(sed -n 's/^Content-Type:.*charset=\([^ ;]*\).*/\1/Ip' "$http" | tr 'A-Z' 'a-z')
    case "$charset" in
      windows-1251) options=1 ;; koi8-r) options=2 ;; utf-16) options=3 ;; iso-8859-1) options=4 ;;
      utf-8) options=5 ;; utf-32) options=6 ;; "") options=0 ;; *) options=7 ;;
    esac
    grep -q '^URL:' "$http" && options=$((options + 8))
    options=$(printf '%03o' "$options")
  fi
  name=$(printf '%s' "${file#"$fixtures"/}" | tr '/' '_')
  seed "$name" "$options" < "$file"
  # The same document with no hint, a windows-1251 hint and a UTF-16 hint (000 001 003), so
  # the charset paths start from real feeds too.
  seed "$name.cp1251" 001 < "$file"
  seed "$name.utf16hint" 003 < "$file"
  count=$((count + 1))
done < <(find "$fixtures" -type f ! -name '*.expected.json' ! -name '*.http' -print0 | sort -z)

# Odd seeds.
printf '' | seed empty 000
printf '\xef\xbb\xbf' | seed bom_only 000
printf '\xff\xfe<\0r\0s\0s\0 \0v\0e\0r\0s\0i\0o\0n\0=\0"\0002\0.\0000\0"\0>\0<\0c\0h\0a\0n\0n\0e\0l\0>\0<\0i\0t\0e\0m\0>\0<\0t\0i\0t\0l\0e\0>\0\x1f\x04\x40\x04\x38\x04<\0/\0t\0i\0t\0l\0e\0>\0<\0/\0i\0t\0e\0m\0>\0<\0/\0c\0h\0a\0n\0n\0e\0l\0>\0<\0/\0r\0s\0s\0>\0' \
  | seed utf16le_bom_rss 000
printf '\0<\0?\0x\0m\0l\0 \0v\0e\0r\0s\0i\0o\0n\0=\0"\0001\0.\0000\0"\0?\0>\0<\0f\0e\0e\0d\0/\0>' | seed utf16be_no_bom 003
printf '<rss version="2.0"><channel><item><title>\xcf\xf0\xe8\xe2\xe5\xf2</title><description>&lt;p&gt;\x01\x7f\xc0\xaf&#0;&#xD800;&#x110000;</description></item></channel></rss>' \
  | seed controls_and_bad_refs 000
printf '<?xml version="1.0" encoding="koi8-r"?><rss version="2.0"><channel><item><title>\xf0\xd2\xc9\xd7\xc5\xd4</title><link>../a b?utm_source=x&amp;q=1#f</link><guid>x</guid><guid>x</guid></item><item><guid>x</guid></item></channel></rss>' \
  | seed koi8r_duplicate_guids 010
printf '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="//evil/../"><entry xml:base="javascript:alert(1)//"><link href="%%zz"/><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>a<br/>b<img src="x" srcset="a 1x, b 2x"/></p></div></content><updated>9999-99-99T99:99:99Z</updated></entry></feed>' \
  | seed atom_odd_bases 010
printf '<rss version="2.0"><channel><item><description><![CDATA[<p>unclosed <b><i>x</b> <script>alert(1)</script> &bogus; &#x1F600;<table><tr><td>a<td>b</table><pre>  k\xc2\xa0</pre>]]></description><pubDate>Sun, 31 Dec 1899 23:59:60 +2400</pubDate><enclosure url="" length="-99999999999999999999"/></item></channel></rss>' \
  | seed rss_html_soup 000
printf '{"version":"https://jsonfeed.org/version/1.1","title":"\\ud800\\u0000\\u2028","items":[{"id":1e999,"url":"/x","content_text":"a\\nb","date_published":"2024-02-30T25:00:00+99:99","authors":[{"name":null}],"tags":[1,"a",["b"]]}],"items":{}}' \
  | seed jsonfeed_odd 010
printf '{"version":"https://jsonfeed.org/version/1","items":[' | seed jsonfeed_truncated 000
printf '<rss version="2.0"><channel>%s' "$(printf '<item>%.0s' $(seq 1 200))" | seed deep_unclosed 000
printf '<!DOCTYPE rss [<!ENTITY a "&#38;#38;"><!ENTITY b "&a;&a;&a;&a;">]><rss version="0.91"><channel><item><title>&b;&amp;&amp;amp; & &;</title></item></channel></rss>' \
  | seed entities_double_escaped 000
printf '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/"><item><title>t</title><link>http://[::1]:80/</link></item></rdf:RDF>' \
  | seed rss090_ipv6 000

echo "make-seeds: $count fixtures -> $(ls -1 "$out" | wc -l) seeds in $out"
