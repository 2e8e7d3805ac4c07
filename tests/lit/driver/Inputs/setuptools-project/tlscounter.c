/* A Python extension with 4096 bytes of initial-exec TLS. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

__attribute__((tls_model("initial-exec"))) __thread char scratch[4096];

static PyObject *bump(PyObject *self, PyObject *args) {
  return PyLong_FromLong(++scratch[0]);
}

static PyMethodDef methods[] = {
    {"bump", bump, METH_NOARGS, "Count, per thread."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "tlscounter", NULL,
                                    -1, methods};

PyMODINIT_FUNC PyInit_tlscounter(void) { return PyModule_Create(&module); }
