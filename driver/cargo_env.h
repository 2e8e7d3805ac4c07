/* The environment cargo-tlsguard gives cargo, so that every C compile of
 * the build goes through tlsguard-cc and every link through it too:
 *
 *   CC_<target>, CC_<target_underscored>, CXX_... the cc crate's own names,
 *                                             which beat CC
 *   CC, CXX, HOST_CC, HOST_CXX                 native builds (target = host)
 *   TARGET_CC, TARGET_CXX                      cross builds; the host's
 *                                             compiler is left alone
 *   CARGO_TARGET_<TARGET>_LINKER               rustc's linker
 *   TLSGUARD_CC, TLSGUARD_CXX                  the compiler the user had
 *                                             chosen, now run by the driver
 *   TLSGUARD_LINT=off                          the libraries are linted once,
 *                                             after cargo, from its messages
 */
#ifndef TLSGUARD_DRIVER_CARGO_ENV_H
#define TLSGUARD_DRIVER_CARGO_ENV_H

#include <stdbool.h>

#include "install_layout.h"
#include "strvec.h"

/* "x86_64-unknown-linux-gnu" for a triple; the file stem for a target
 * specification file ("dir/my-target.json" -> "my-target"), as cargo and
 * the cc crate name it. */
char *cargo_target_name(const char *target);

/* Sets the variables for the targets (names from cargo_target_name). On a
 * conflict it cannot resolve, says what to change and returns false. */
bool cargo_env_apply(const char *host, const struct strvec *targets,
                     const struct install_layout *self, bool verbose);

#endif
