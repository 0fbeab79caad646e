#!/usr/bin/env bash
# Side-by-side training throughput of nnc and the NumPy reference (CS231n-style numpy_ref.py) on the MLP and
# the SimpleConvNet, float32, 1 and 2 threads, measured in the same run; plus `nnc compile` wall times and the
# peak RSS of a full-data MLP training epoch. Prints a Markdown report; with --update-docs also writes it
# between the compare markers of docs/performance.md.
#
# nnc and NumPy run in alternating rounds (nnc, NumPy, nnc, NumPy, ...) and each side's best round is
# reported: on a shared or virtualised machine throughput drifts by tens of percent over a minute, and
# alternating gives both sides the same chances at the quiet moments.
#
# Usage: bench/compare.sh [--update-docs] [--seconds S] [--rounds R] [--threads "1 2"]
# Needs: JDK 17 + Maven (./nnc builds itself). Optional: python3 with numpy (else the NumPy column is
# skipped with a message), /usr/bin/time (else the RSS row is skipped), Fashion-MNIST for the NumPy runs
# and the RSS row (data/fashion-mnist, ../shared/data/fashion-mnist or $NNC_DATA).
# Environment: NUMPY_REF=path/to/numpy_ref.py, NNC_BENCH_DATE=YYYY-MM-DD (default: today).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
UPDATE_DOCS=0
SECONDS_PER_MODEL=10
ROUNDS=3
THREAD_COUNTS="1 2"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --update-docs) UPDATE_DOCS=1 ;;
        --seconds) SECONDS_PER_MODEL="$2"; shift ;;
        --rounds) ROUNDS="$2"; shift ;;
        --threads) THREAD_COUNTS="$2"; shift ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "compare.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --rounds must be a positive integer, got '$ROUNDS'" >&2; exit 2; }

log() { echo "compare.sh: $*" >&2; }

# The project's models when present, else the copies in bench/models that mirror numpy_ref.py.
model_file() {
    if [[ -f "models/$1" ]]; then echo "models/$1"; else echo "bench/models/$1"; fi
}
MLP="$(model_file fashion_mlp.nn)"
CNN="$(model_file simple_convnet.nn)"

# A number field of a one-line JSON object (no nesting needed): json_num '{"a":1.5}' a -> 1.5
json_num() {
    sed -n "s/.*\"$2\": *\(-\{0,1\}[0-9.eE+-]*\).*/\1/p" <<<"$1" | head -n 1
}
json_str() {
    sed -n "s/.*\"$2\": *\"\([^\"]*\)\".*/\1/p" <<<"$1" | head -n 1
}

# --- the peer: numpy_ref.py (not copied into this repository; found next to it)
NUMPY_REF="${NUMPY_REF:-}"
if [[ -z "$NUMPY_REF" ]]; then
    for c in bench/numpy_ref.py ../shared/bench/numpy_ref.py ../../shared/bench/numpy_ref.py; do
        if [[ -f "$c" ]]; then NUMPY_REF="$c"; break; fi
    done
fi
NUMPY_OK=1
NUMPY_WHY=""
if ! command -v python3 >/dev/null 2>&1; then
    NUMPY_OK=0; NUMPY_WHY="python3 is not installed"
elif ! python3 -c 'import numpy' >/dev/null 2>&1; then
    NUMPY_OK=0; NUMPY_WHY="python3 has no numpy (pip install numpy)"
elif [[ -z "$NUMPY_REF" || ! -f "$NUMPY_REF" ]]; then
    NUMPY_OK=0; NUMPY_WHY="numpy_ref.py not found (set NUMPY_REF=path/to/numpy_ref.py)"
fi
[[ $NUMPY_OK -eq 1 ]] || log "skipping the NumPy runs: $NUMPY_WHY"
NUMPY_VERSION="$([[ $NUMPY_OK -eq 1 ]] && python3 -c 'import numpy; print(numpy.__version__)' || echo -)"

numpy_rate() { # model threads -> median samples/s, or "-"
    local args=(--model "$1" --dtype float32 --threads "$2")
    if [[ "$1" == mlp ]]; then args+=(--epochs 2); else args+=(--epochs 1 --limit 5000 --skip-input-grad); fi
    local out
    if ! out="$(python3 "$NUMPY_REF" "${args[@]}" 2>&1)"; then
        log "numpy_ref.py ${args[*]} failed: $(tail -n 1 <<<"$out")"; echo "-"; return
    fi
    local rate
    rate="$(json_num "$(tail -n 1 <<<"$out")" median_samples_per_s)"
    echo "${rate:--}"
}

ratio() { # a b -> a/b with 2 decimals, or "-"
    if [[ "$1" == - || "$2" == - || -z "$1" || -z "$2" ]]; then echo "-"; return; fi
    awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'
}
fmt() { [[ "$1" == - || -z "$1" ]] && echo "-" || awk -v v="$1" 'BEGIN { printf "%.0f", v }'; }

./nnc --version >/dev/null 2>&1 || { log "./nnc does not run (build failed?)"; exit 1; }
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo -)"

# The larger of two numbers (either may be "-").
best_of() {
    if [[ "$1" == - || -z "$1" ]]; then echo "${2:--}"; return; fi
    if [[ "$2" == - || -z "$2" ]]; then echo "$1"; return; fi
    awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 >= b + 0) ? a : b }'
}

# Of two `nnc bench` JSON lines (the second may be empty), the one with the higher training rate.
faster() {
    if [[ -z "$2" ]]; then echo "$1"; return; fi
    if awk -v a="$(json_num "$1" train_examples_per_second)" -v b="$(json_num "$2" train_examples_per_second)" \
        'BEGIN { exit !(a + 0 >= b + 0) }'; then echo "$1"; else echo "$2"; fi
}

# --- throughput: alternating rounds per thread count, so nnc and NumPy see the same machine load
ROWS=""
KERNEL="-"
declare -A BEST_NNC=([mlp]=- [cnn]=-) BEST_NP=([mlp]=- [cnn]=-) NAME=([mlp]=MLP [cnn]=SimpleConvNet)
for t in $THREAD_COUNTS; do
    best_mlp_json=""; best_cnn_json=""; np_mlp="-"; np_cnn="-"
    for r in $(seq 1 "$ROUNDS"); do
        log "round $r/$ROUNDS, $t thread(s): nnc bench ..."
        # A failed run keeps whatever lines it printed (one model may have finished).
        bench_out="$(./nnc bench "$MLP" "$CNN" --json --precision float32 --threads "$t" \
            --seconds "$SECONDS_PER_MODEL" 2>/dev/null)" || log "nnc bench failed in this round"
        mlp_json="$(grep -F "\"file\":\"$MLP\"" <<<"$bench_out" | head -n 1 || true)"
        cnn_json="$(grep -F "\"file\":\"$CNN\"" <<<"$bench_out" | head -n 1 || true)"
        [[ -n "$mlp_json" ]] && KERNEL="$(json_str "$mlp_json" kernel)"
        # Keep the whole JSON line of nnc's best round, so its other columns come from the same run.
        best_mlp_json="$(faster "$mlp_json" "$best_mlp_json")"
        best_cnn_json="$(faster "$cnn_json" "$best_cnn_json")"
        if [[ $NUMPY_OK -eq 1 ]]; then
            log "round $r/$ROUNDS, $t thread(s): numpy_ref.py mlp, cnn ..."
            np_mlp="$(best_of "$np_mlp" "$(numpy_rate mlp "$t")")"
            np_cnn="$(best_of "$np_cnn" "$(numpy_rate cnn "$t")")"
        fi
    done
    for m in mlp cnn; do
        if [[ $m == mlp ]]; then j="$best_mlp_json"; np="$np_mlp"; else j="$best_cnn_json"; np="$np_cnn"; fi
        nnc_rate="$(json_num "$j" train_examples_per_second)"
        [[ -n "$j" ]] && NAME[$m]="$(json_str "$j" model)"
        BEST_NNC[$m]="$(best_of "${BEST_NNC[$m]}" "$nnc_rate")"
        BEST_NP[$m]="$(best_of "${BEST_NP[$m]}" "$np")"
        if [[ -z "$j" ]]; then
            ROWS+="| ${NAME[$m]} | $t | - | - | - | - | $(fmt "$np") | - |"$'\n'
            continue
        fi
        ROWS+="| $(json_str "$j" model) | $t | $(fmt "$nnc_rate") | $(fmt "$(json_num "$j" infer_examples_per_second)") | $(awk -v g="$(json_num "$j" gflops)" 'BEGIN { printf "%.1f", g }') | $(awk -v f="$(json_num "$j" fraction_of_peak)" 'BEGIN { printf "%.1f%%", 100 * f }') | $(fmt "$np") | $(ratio "$nnc_rate" "$np") |"$'\n'
    done
done

# --- compile wall time, JVM start included
COMPILE_ROWS=""
shopt -s nullglob
files=(models/*.nn)
[[ ${#files[@]} -gt 0 ]] || files=(bench/models/*.nn)
# One untimed compile first: the launcher records its class-data-sharing archive on the first compile after
# a build, and that one-off cost is not what a user waits for.
./nnc compile "${files[0]}" >/dev/null 2>&1 || true
for f in "${files[@]}"; do
    start=$(date +%s%N)
    if ./nnc compile "$f" >/dev/null 2>&1; then status=ok; else status="errors"; fi
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    COMPILE_ROWS+="| \`$f\` | $ms | $status |"$'\n'
done

# --- peak RSS of a full-data MLP training epoch
RSS_ROW="skipped: /usr/bin/time not found"
if [[ -x /usr/bin/time ]]; then
    log "full-data MLP training, 1 epoch, under /usr/bin/time -v ..."
    run_dir="$(mktemp -d)"
    if /usr/bin/time -v -o "$run_dir/time.txt" ./nnc train "$MLP" --epochs 1 --out "$run_dir/run" >/dev/null 2>&1; then
        kb="$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$run_dir/time.txt")"
        wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): \(.*\)/\1/p' "$run_dir/time.txt")"
        RSS_ROW="$(awk -v k="$kb" 'BEGIN { printf "%.0f MiB", k / 1024 }') peak RSS (\`/usr/bin/time -v\`), wall $wall, \`./nnc train $MLP --epochs 1\` (full training set)"
    else
        RSS_ROW="skipped: the training run failed (is Fashion-MNIST in data/fashion-mnist?)"
    fi
    rm -rf "$run_dir"
fi
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo -)"

CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
REPORT="$(cat <<MD
Measured ${NNC_BENCH_DATE:-$(date +%F)} by \`bench/compare.sh\` (best of $ROUNDS alternating rounds per side, ${SECONDS_PER_MODEL} s per nnc model) on $(nproc) cores (\`nproc\`), ${CPU:-unknown CPU}, $(java -version 2>&1 | head -n 1), NumPy $NUMPY_VERSION; GEMM kernel $KERNEL. Load average before/after: $LOAD_BEFORE / $LOAD_AFTER.

| model | threads | nnc train ex/s | nnc infer ex/s | nnc GFLOPS | % peak | NumPy train ex/s | nnc / NumPy |
|---|---:|---:|---:|---:|---:|---:|---:|
${ROWS}
$(if [[ $NUMPY_OK -eq 1 ]]; then
    echo "Best against best (any thread count): ${NAME[mlp]} $(fmt "${BEST_NNC[mlp]}") vs $(fmt "${BEST_NP[mlp]}") ex/s = **$(ratio "${BEST_NNC[mlp]}" "${BEST_NP[mlp]}")**; ${NAME[cnn]} $(fmt "${BEST_NNC[cnn]}") vs $(fmt "${BEST_NP[cnn]}") ex/s = **$(ratio "${BEST_NNC[cnn]}" "${BEST_NP[cnn]}")**."
else
    echo "NumPy column skipped: $NUMPY_WHY."
fi)

\`nnc compile\` wall time (JVM start included):

| file | ms | result |
|---|---:|---|
${COMPILE_ROWS}
Full-data training memory: $RSS_ROW.
MD
)"
printf '%s\n' "$REPORT"

if [[ $UPDATE_DOCS -eq 1 ]]; then
    doc=docs/performance.md
    begin='<!-- compare:begin -->'
    end='<!-- compare:end -->'
    if ! grep -qF "$begin" "$doc"; then
        log "$doc has no '$begin' marker: not updated"; exit 1
    fi
    tmp="$(mktemp)"
    awk -v b="$begin" -v e="$end" -v r="$REPORT" '
        $0 == b { print; print r; skip = 1; next }
        $0 == e { skip = 0 }
        !skip { print }' "$doc" >"$tmp"
    mv "$tmp" "$doc"
    log "updated $doc"
fi
