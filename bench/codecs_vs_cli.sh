#!/usr/bin/env bash
# Our codecs versus the gzip and zstd command-line tools on the same bytes, in the same run.
#
#   bash bench/codecs_vs_cli.sh [BUILD_DIR]      (default: build; a Release build, see README.md)
#
# Builds nothing. Writes the change-event corpus (codec_bench --write_corpus), runs codec_bench
# (5 repetitions, medians), times `gzip -6 -c`, `zstd -3 -c` and their -dc counterparts with
# hyperfine (medians of 5 runs, output to /dev/null), then prints MB/s (10^6 bytes of
# uncompressed data per second) and the ratio ours / CLI. CLI times include process start-up and
# reading the file from the page cache; ours are in-memory one-shot calls on one thread.
set -euo pipefail

build_dir=${1:-build}
bench_bin="$build_dir/bench/codec_bench"
if [[ ! -x "$bench_bin" ]]; then
  echo "codecs_vs_cli.sh: $bench_bin not found; build it first:" >&2
  echo "  cmake -S . -B $build_dir -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build $build_dir --target codec_bench" >&2
  exit 1
fi
for tool in gzip zstd hyperfine jq; do
  command -v "$tool" >/dev/null || { echo "codecs_vs_cli.sh: $tool is not installed" >&2; exit 1; }
done

work=$(mktemp -d /tmp/codecs-vs-cli.XXXXXX)
trap 'rm -rf "$work"' EXIT
corpus="$work/corpus.jsonl"
"$bench_bin" --write_corpus="$corpus"
bytes=$(stat -c %s "$corpus")
gzip -6 -c "$corpus" >"$corpus.gz"
zstd -q -3 -c "$corpus" >"$corpus.zst"

echo "corpus: $bytes bytes of JSON Lines change events; $(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "running codec_bench (5 repetitions)..."
"$bench_bin" --benchmark_filter='gzip6|zstd3|snappy' --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true --benchmark_format=json >"$work/ours.json" 2>/dev/null

echo "running the CLI tools with hyperfine (5 runs each)..."
hyperfine --style none --warmup 1 --runs 5 --export-json "$work/cli.json" \
  -n gzip_c "gzip -6 -c $corpus > /dev/null" \
  -n gzip_d "gzip -dc $corpus.gz > /dev/null" \
  -n zstd_c "zstd -q -3 -c $corpus > /dev/null" \
  -n zstd_d "zstd -q -dc $corpus.zst > /dev/null" >/dev/null

ours() {  # median bytes/s of a codec_bench benchmark, in MB/s
  jq -r --arg n "$1" '.benchmarks[] | select(.name == ($n + "_median") or .name == ($n + "/real_time_median")) | .bytes_per_second / 1e6' "$work/ours.json"
}
cli() {  # median seconds of a hyperfine command -> MB/s of uncompressed bytes
  jq -r --arg n "$1" --argjson b "$bytes" '.results[] | select(.command == $n) | $b / .median / 1e6' "$work/cli.json"
}
ratio() {
  jq -r --arg n "$1" '.benchmarks[] | select(.name == ($n + "_median") or .name == ($n + "/real_time_median")) | .ratio' "$work/ours.json"
}

printf '\n%-28s %12s %12s %12s\n' "operation" "ours MB/s" "CLI MB/s" "ours / CLI"
row() {  # label, our benchmark, CLI command name (or -)
  local o c r
  o=$(ours "$2")
  if [[ "$3" == "-" ]]; then
    printf '%-28s %12.1f %12s %12s\n' "$1" "$o" "-" "-"
  else
    c=$(cli "$3")
    r=$(awk -v o="$o" -v c="$c" 'BEGIN { printf "%.2f", o / c }')
    printf '%-28s %12.1f %12.1f %12s\n' "$1" "$o" "$c" "$r"
  fi
}
row "gzip -6 compress" BM_Compress/gzip6 gzip_c
row "gzip decompress" BM_Decompress/gzip6 gzip_d
row "zstd -3 compress" BM_Compress/zstd3 zstd_c
row "zstd decompress" BM_Decompress/zstd3 zstd_d
row "snappy compress" BM_Compress/snappy -
row "snappy decompress" BM_Decompress/snappy -

echo
printf 'compressed size / original: ours gzip %.3f (CLI %.3f), ours zstd %.3f (CLI %.3f), snappy %.3f\n' \
  "$(ratio BM_Compress/gzip6)" "$(awk -v a="$(stat -c %s "$corpus.gz")" -v b="$bytes" 'BEGIN{print a/b}')" \
  "$(ratio BM_Compress/zstd3)" "$(awk -v a="$(stat -c %s "$corpus.zst")" -v b="$bytes" 'BEGIN{print a/b}')" \
  "$(ratio BM_Compress/snappy)"
