# A C extension module built by setuptools; its source has 4096 bytes of
# initial-exec TLS, so as written it cannot be imported (a late dlopen).
from setuptools import Extension, setup

setup(
    name="tlscounter",
    version="1.0",
    ext_modules=[Extension("tlscounter", ["tlscounter.c"])],
)
