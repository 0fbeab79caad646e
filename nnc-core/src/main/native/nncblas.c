/*
 * nnc's JNI shim over a system OpenBLAS (see dev.nnc.tensor.gemm.OpenBlasGemm and docs/performance.md).
 *
 * The library is opened with dlopen at run time, so building this file needs only a C compiler and the
 * JDK's JNI headers: no BLAS headers, no link-time dependency. Arrays are passed without copying
 * (GetPrimitiveArrayCritical): a product takes about a millisecond, and copying its operands in and out,
 * as Get<Type>ArrayElements does on HotSpot, would cost a third of that. The Java side checks every index
 * range before calling, so nothing here reads or writes outside the arrays.
 */
#include <dlfcn.h>
#include <jni.h>
#include <stddef.h>

enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int, float,
                         float *, int);
typedef void (*dgemm_fn)(int, int, int, int, int, int, double, const double *, int, const double *, int, double,
                         double *, int);
typedef void (*set_threads_fn)(int);
typedef char *(*config_fn)(void);

static sgemm_fn sgemm;
static dgemm_fn dgemm;
static config_fn config;

/* Opens the library and finds the symbols; returns NULL on success, else what went wrong. */
JNIEXPORT jstring JNICALL Java_dev_nnc_tensor_gemm_OpenBlasGemm_open(JNIEnv *env, jclass cls, jstring name) {
    const char *file = (*env)->GetStringUTFChars(env, name, NULL);
    if (file == NULL) {
        return NULL; /* OutOfMemoryError pending */
    }
    void *lib = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    (*env)->ReleaseStringUTFChars(env, name, file);
    if (lib == NULL) {
        const char *why = dlerror();
        return (*env)->NewStringUTF(env, why != NULL ? why : "dlopen failed");
    }
    sgemm_fn s = (sgemm_fn) dlsym(lib, "cblas_sgemm");
    dgemm_fn d = (dgemm_fn) dlsym(lib, "cblas_dgemm");
    set_threads_fn set_threads = (set_threads_fn) dlsym(lib, "openblas_set_num_threads");
    if (s == NULL || d == NULL || set_threads == NULL) {
        dlclose(lib); /* a library opened before stays in use */
        return (*env)->NewStringUTF(env, "not an OpenBLAS: cblas_sgemm, cblas_dgemm or openblas_set_num_threads missing");
    }
    set_threads(1); /* nnc's own pool splits the products; OpenBLAS threads would compete with it */
    sgemm = s;
    dgemm = d;
    config = (config_fn) dlsym(lib, "openblas_get_config");
    return NULL;
}

JNIEXPORT jstring JNICALL Java_dev_nnc_tensor_gemm_OpenBlasGemm_config(JNIEnv *env, jclass cls) {
    return (*env)->NewStringUTF(env, config != NULL ? config() : "OpenBLAS");
}

JNIEXPORT void JNICALL Java_dev_nnc_tensor_gemm_OpenBlasGemm_sgemm0(JNIEnv *env, jclass cls, jboolean ta,
        jboolean tb, jint m, jint n, jint k, jfloat alpha, jfloatArray a, jint aOff, jint lda, jfloatArray b,
        jint bOff, jint ldb, jfloat beta, jfloatArray c, jint cOff, jint ldc) {
    float *pa = (*env)->GetPrimitiveArrayCritical(env, a, NULL);
    float *pb = (*env)->GetPrimitiveArrayCritical(env, b, NULL);
    float *pc = (*env)->GetPrimitiveArrayCritical(env, c, NULL);
    if (pa != NULL && pb != NULL && pc != NULL && sgemm != NULL) {
        sgemm(ROW_MAJOR, ta ? TRANS : NO_TRANS, tb ? TRANS : NO_TRANS, m, n, k, alpha, pa + aOff, lda, pb + bOff,
              ldb, beta, pc + cOff, ldc);
    }
    if (pc != NULL) (*env)->ReleasePrimitiveArrayCritical(env, c, pc, 0);
    if (pb != NULL) (*env)->ReleasePrimitiveArrayCritical(env, b, pb, JNI_ABORT);
    if (pa != NULL) (*env)->ReleasePrimitiveArrayCritical(env, a, pa, JNI_ABORT);
}

JNIEXPORT void JNICALL Java_dev_nnc_tensor_gemm_OpenBlasGemm_dgemm0(JNIEnv *env, jclass cls, jboolean ta,
        jboolean tb, jint m, jint n, jint k, jdouble alpha, jdoubleArray a, jint aOff, jint lda, jdoubleArray b,
        jint bOff, jint ldb, jdouble beta, jdoubleArray c, jint cOff, jint ldc) {
    double *pa = (*env)->GetPrimitiveArrayCritical(env, a, NULL);
    double *pb = (*env)->GetPrimitiveArrayCritical(env, b, NULL);
    double *pc = (*env)->GetPrimitiveArrayCritical(env, c, NULL);
    if (pa != NULL && pb != NULL && pc != NULL && dgemm != NULL) {
        dgemm(ROW_MAJOR, ta ? TRANS : NO_TRANS, tb ? TRANS : NO_TRANS, m, n, k, alpha, pa + aOff, lda, pb + bOff,
              ldb, beta, pc + cOff, ldc);
    }
    if (pc != NULL) (*env)->ReleasePrimitiveArrayCritical(env, c, pc, 0);
    if (pb != NULL) (*env)->ReleasePrimitiveArrayCritical(env, b, pb, JNI_ABORT);
    if (pa != NULL) (*env)->ReleasePrimitiveArrayCritical(env, a, pa, JNI_ABORT);
}
