/* tlsguard-cc and tlsguard-c++: one program, two names for the two
 * languages' default compilers. */
#ifndef TLSGUARD_DRIVER_DRIVER_H
#define TLSGUARD_DRIVER_DRIVER_H

#include "real_compiler.h"

int driver_main(int argc, char **argv, enum driver_language lang);

#endif
