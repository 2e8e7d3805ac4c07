/* For the compiler-selection test: a macro set by TLSGUARD_CC. */
int seven = FROM_TLSGUARD_CC;
