#!/usr/bin/env bash
# Races nnc, PyTorch-CPU (torch_ref.py) and NumPy (numpy_ref.py, CS231n-style) on the three benchmark models
# (FashionMlp = mlp, SimpleConvNet = cnn, FashionCnn = fashion_cnn; NumPy has no fashion_cnn), float32,
# batch 100, Adam, at each thread count, in the same run; plus real `nnc train` throughput of the MLP (one
# full-data epoch per thread count, next to the bench's figure), `nnc compile` wall times and the peak RSS
# of that training run. Prints a Markdown report; with --update-docs also writes it between the compare
# markers of docs/performance.md.
#
# The sides run in alternating rounds (nnc, PyTorch, NumPy, nnc, PyTorch, NumPy, ...) and each side's best
# round is reported: on a shared or virtualised machine throughput drifts by tens of percent over a minute,
# and alternating gives every side the same chances at the quiet moments. Best round against best round.
#
# Usage: bench/compare.sh [--update-docs] [--seconds S] [--rounds R] [--threads "1 2"] [--limit N]
#   --seconds S  nnc bench seconds per model (default 6)
#   --limit N    training examples per PyTorch/NumPy epoch for the MLP (default 20000; the convnets use
#                N/5 and N/20, at least 1000 and 500)
# Needs: JDK 17 + Maven (./nnc builds itself). Optional (a missing side is skipped with a message):
# python3 with torch (python3 -m pip install torch) and numpy, /usr/bin/time (else the RSS row is skipped),
# Fashion-MNIST (data/fashion-mnist, ../shared/data/fashion-mnist or $NNC_DATA).
# Environment: TORCH_REF=path/to/torch_ref.py, NUMPY_REF=path/to/numpy_ref.py, NNC_BENCH_DATE=YYYY-MM-DD.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
UPDATE_DOCS=0
SECONDS_PER_MODEL=6
ROUNDS=2
THREAD_COUNTS="1 2"
LIMIT=20000
while [[ $# -gt 0 ]]; do
    case "$1" in
        --update-docs) UPDATE_DOCS=1 ;;
        --seconds) SECONDS_PER_MODEL="$2"; shift ;;
        --rounds) ROUNDS="$2"; shift ;;
        --threads) THREAD_COUNTS="$2"; shift ;;
        --limit) LIMIT="$2"; shift ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) echo "compare.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --rounds must be a positive integer, got '$ROUNDS'" >&2; exit 2; }
[[ "$LIMIT" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --limit must be a positive integer, got '$LIMIT'" >&2; exit 2; }
CNN_LIMIT=$(( LIMIT / 5 > 1000 ? LIMIT / 5 : 1000 ))
FCNN_LIMIT=$(( LIMIT / 20 > 500 ? LIMIT / 20 : 500 ))

log() { echo "compare.sh: $*" >&2; }

# The project's models when present, else the copies in bench/models that mirror numpy_ref.py.
model_file() {
    if [[ -f "models/$1" ]]; then echo "models/$1"; else echo "bench/models/$1"; fi
}
MLP="$(model_file fashion_mlp.nn)"
CNN="$(model_file simple_convnet.nn)"
FCNN=bench/models/fashion_cnn.nn # torch_ref.py's network; models/fashion_cnn.nn has a wider head

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
    if [[ "$1" == mlp ]]; then args+=(--epochs 2 --limit "$LIMIT"); else args+=(--epochs 1 --limit "$CNN_LIMIT" --skip-input-grad); fi
    local out
    if ! out="$(python3 "$NUMPY_REF" "${args[@]}" 2>&1)"; then
        log "numpy_ref.py ${args[*]} failed: $(tail -n 1 <<<"$out")"; echo "-"; return
    fi
    local rate
    rate="$(json_num "$(tail -n 1 <<<"$out")" median_samples_per_s)"
    echo "${rate:--}"
}

# --- the other peer: torch_ref.py (PyTorch-CPU, idiomatic nn.Sequential + torch.optim.Adam)
TORCH_REF="${TORCH_REF:-}"
if [[ -z "$TORCH_REF" ]]; then
    for c in bench/torch_ref.py ../shared/bench/torch_ref.py ../../shared/bench/torch_ref.py; do
        if [[ -f "$c" ]]; then TORCH_REF="$c"; break; fi
    done
fi
TORCH_OK=1
TORCH_WHY=""
if ! command -v python3 >/dev/null 2>&1; then
    TORCH_OK=0; TORCH_WHY="python3 is not installed"
elif ! python3 -c 'import torch' >/dev/null 2>&1; then
    TORCH_OK=0; TORCH_WHY="python3 has no torch (python3 -m pip install torch)"
elif [[ -z "$TORCH_REF" || ! -f "$TORCH_REF" ]]; then
    TORCH_OK=0; TORCH_WHY="torch_ref.py not found (set TORCH_REF=path/to/torch_ref.py)"
fi
[[ $TORCH_OK -eq 1 ]] || log "skipping the PyTorch runs: $TORCH_WHY"
TORCH_VERSION="$([[ $TORCH_OK -eq 1 ]] && python3 -c 'import torch; print(torch.__version__)' 2>/dev/null || echo -)"

torch_rate() { # model threads -> median samples/s over the timed epoch(s), or "-"
    local limit="$LIMIT"
    [[ "$1" == cnn ]] && limit="$CNN_LIMIT"
    [[ "$1" == fashion_cnn ]] && limit="$FCNN_LIMIT"
    local out
    if ! out="$(python3 "$TORCH_REF" --model "$1" --threads "$2" --epochs 1 --limit "$limit" 2>&1)"; then
        log "torch_ref.py --model $1 --threads $2 failed: $(tail -n 1 <<<"$out")"; echo "-"; return
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


# --- throughput: alternating rounds per thread count, so every side sees the same machine load
MODELS="mlp cnn fashion_cnn"
declare -A FILE=([mlp]="$MLP" [cnn]="$CNN" [fashion_cnn]="$FCNN")
declare -A NAME=([mlp]=FashionMlp [cnn]=SimpleConvNet [fashion_cnn]=FashionCnn)
declare -A NNC=() TORCH=() NP=() KERNELS=()
for t in $THREAD_COUNTS; do
    for m in $MODELS; do NNC[$m,$t]=-; TORCH[$m,$t]=-; NP[$m,$t]=-; done
    for r in $(seq 1 "$ROUNDS"); do
        log "round $r/$ROUNDS, $t thread(s): nnc bench ..."
        # A failed run keeps whatever lines it printed (one model may have finished).
        bench_out="$(./nnc bench "$MLP" "$CNN" "$FCNN" --json --precision float32 --threads "$t" \
            --seconds "$SECONDS_PER_MODEL" 2>/dev/null)" || log "nnc bench failed in this round"
        for m in $MODELS; do
            j="$(grep -F "\"file\":\"${FILE[$m]}\"" <<<"$bench_out" | head -n 1 || true)"
            [[ -n "$j" ]] || continue
            NAME[$m]="$(json_str "$j" model)"
            KERNELS[$m,$t]="$(json_str "$j" kernel)"
            NNC[$m,$t]="$(best_of "${NNC[$m,$t]}" "$(json_num "$j" train_examples_per_second)")"
            CPU_LINE="$(json_str "$j" cpu)"
            VECTORS="$(json_str "$j" vectors)"
        done
        if [[ $TORCH_OK -eq 1 ]]; then
            for m in $MODELS; do
                log "round $r/$ROUNDS, $t thread(s): torch_ref.py $m ..."
                TORCH[$m,$t]="$(best_of "${TORCH[$m,$t]}" "$(torch_rate "$m" "$t")")"
            done
        fi
        if [[ $NUMPY_OK -eq 1 ]]; then
            for m in mlp cnn; do
                log "round $r/$ROUNDS, $t thread(s): numpy_ref.py $m ..."
                NP[$m,$t]="$(best_of "${NP[$m,$t]}" "$(numpy_rate "$m" "$t")")"
            done
        fi
    done
done
ROWS=""
for m in $MODELS; do
    for t in $THREAD_COUNTS; do
        ROWS+="| ${NAME[$m]} | $t | $(fmt "${NNC[$m,$t]}") | $(fmt "${TORCH[$m,$t]}") | $(fmt "${NP[$m,$t]}") | $(ratio "${NNC[$m,$t]}" "${TORCH[$m,$t]}") | $(ratio "${NNC[$m,$t]}" "${NP[$m,$t]}") | ${KERNELS[$m,$t]:--} |"$'\n'
    done
done

# --- real training: one full-data MLP epoch per thread count (what `nnc train` prints), beside the bench
TRAIN_ROWS=""
RSS_ROW="skipped: /usr/bin/time not found"
for t in $THREAD_COUNTS; do
    log "nnc train $MLP --epochs 1 --threads $t (full training set) ..."
    run_dir="$(mktemp -d)"
    timer=()
    [[ -x /usr/bin/time ]] && timer=(/usr/bin/time -v -o "$run_dir/time.txt")
    if out="$("${timer[@]}" ./nnc train "$MLP" --epochs 1 --threads "$t" --out "$run_dir/run" 2>&1)"; then
        rate="$(sed -n 's/.*trained in [0-9.]*s (\([0-9,]*\) examples\/s).*/\1/p' <<<"$out" | tr -d ,)"
        TRAIN_ROWS+="| ${NAME[mlp]} | $t | $(fmt "${rate:--}") | $(fmt "${NNC[mlp,$t]:--}") |"$'\n'
        if [[ -f "$run_dir/time.txt" ]]; then
            kb="$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$run_dir/time.txt")"
            wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): \(.*\)/\1/p' "$run_dir/time.txt")"
            RSS_ROW="$(awk -v k="$kb" 'BEGIN { printf "%.0f MiB", k / 1024 }') peak RSS (\`/usr/bin/time -v\`), wall $wall, \`./nnc train $MLP --epochs 1 --threads $t\` (full training set)"
        fi
    else
        TRAIN_ROWS+="| ${NAME[mlp]} | $t | failed (is Fashion-MNIST in data/fashion-mnist?) | - |"$'\n'
    fi
    rm -rf "$run_dir"
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

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo -)"

CPU="${CPU_LINE:-$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)}"
REPORT="$(cat <<MD
Measured ${NNC_BENCH_DATE:-$(date +%F)} by \`bench/compare.sh --rounds $ROUNDS --seconds $SECONDS_PER_MODEL --limit $LIMIT\` (best of $ROUNDS alternating rounds per side) on ${CPU:-unknown CPU}; ${VECTORS:-}; $(java -version 2>&1 | head -n 1), PyTorch $TORCH_VERSION, NumPy $NUMPY_VERSION. Load average before/after: $LOAD_BEFORE / $LOAD_AFTER. nnc: \`nnc bench\` (synthetic batches, steady state); PyTorch: \`torch_ref.py\` (one warm-up epoch, then one timed epoch of $LIMIT / $CNN_LIMIT / $FCNN_LIMIT examples for mlp / cnn / fashion_cnn); NumPy: \`numpy_ref.py\` (median epoch; $LIMIT / $CNN_LIMIT examples). Training examples per second, float32, batch 100, Adam.

| model | threads | nnc | PyTorch | NumPy | nnc / PyTorch | nnc / NumPy | nnc GEMM kernel |
|---|---:|---:|---:|---:|---:|---:|---|
${ROWS}
$( [[ $TORCH_OK -eq 1 ]] || echo "PyTorch column skipped: $TORCH_WHY." )
$( [[ $NUMPY_OK -eq 1 ]] || echo "NumPy column skipped: $NUMPY_WHY." )

Real training (\`./nnc train $MLP --epochs 1\`, full training set, examples/s as it reports them) next to \`nnc bench\`'s figure from above:

| model | threads | nnc train ex/s | nnc bench ex/s |
|---|---:|---:|---:|
${TRAIN_ROWS}
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
