# tlsguard_check(<target> [NO_PLUGIN] [NO_LINT] [WARN_ONLY] [CONFIG <file>]
#                [PLUGIN_ARGS <arg>...] [LINT_ARGS <arg>...])
#
# Guards one target against thread-local storage that needs the static TLS
# block (which makes a late dlopen fail):
#
#   * the tlsguard plugin goes into the target's compile options, for each
#     of C, C++, Objective-C and Objective-C++ whose compiler has a plugin
#     build (clang N: tlsguard-clang-N.so; gcc N: tlsguard-gcc-N.so); it
#     rewrites initial-exec and local-exec thread-locals to global-dynamic;
#   * a SHARED or MODULE library is linted after every link (POST_BUILD):
#     a finding fails the build, and the generator sees to it that the next
#     build links again.
#
# NO_PLUGIN     lint only
# NO_LINT       plugin only
# WARN_ONLY     the lint reports but does not fail (--fail-on=never)
# CONFIG        the policy file (default: the .tlsguard the linter finds
#               upward from the target's source directory)
# PLUGIN_ARGS   plugin arguments without the prefix: mode=warn allow=NAME quiet
# LINT_ARGS     more tlsguard-lint arguments: --gate=predict
#
# Included by TLSGuardConfig.cmake, which sets TLSGUARD_PLUGIN_DIR,
# TLSGUARD_PLUGIN and TLSGuard::lint.

# The plugin build for a language's compiler, or "" with the reason in
# <reason>. The names follow plugin/selector/builds.c.
function(_tlsguard_plugin_build lang build reason)
  set(${build} "" PARENT_SCOPE)
  set(id "${CMAKE_${lang}_COMPILER_ID}")
  set(version "${CMAKE_${lang}_COMPILER_VERSION}")
  string(REGEX MATCH "^[0-9]+" major "${version}")
  if(id STREQUAL "Clang")
    set(family clang)
  elseif(id STREQUAL "GNU")
    set(family gcc)
  else()
    set(${reason} "the ${lang} compiler is ${id}, and the tlsguard plugin is for clang and gcc" PARENT_SCOPE)
    return()
  endif()
  set(path "${TLSGUARD_PLUGIN_DIR}/tlsguard-${family}-${major}.so")
  if(NOT major OR NOT EXISTS "${path}" OR NOT EXISTS "${TLSGUARD_PLUGIN}")
    set(${reason} "the ${lang} compiler is ${family} ${major}, which has no tlsguard plugin build in ${TLSGUARD_PLUGIN_DIR}" PARENT_SCOPE)
    return()
  endif()
  set(${build} "${path}" PARENT_SCOPE)
endfunction()

function(tlsguard_check target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "NO_PLUGIN;NO_LINT;WARN_ONLY" "CONFIG" "PLUGIN_ARGS;LINT_ARGS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "tlsguard_check(${target}): unknown arguments: ${arg_UNPARSED_ARGUMENTS} "
                        "(known: NO_PLUGIN NO_LINT WARN_ONLY CONFIG PLUGIN_ARGS LINT_ARGS)")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "tlsguard_check(${target}): no such target; call it after add_library()")
  endif()
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "INTERFACE_LIBRARY")
    message(FATAL_ERROR "tlsguard_check(${target}): an INTERFACE library compiles nothing of its own; "
                        "check the targets that use it")
  endif()
  get_target_property(imported ${target} IMPORTED)
  if(imported)
    message(FATAL_ERROR "tlsguard_check(${target}): an IMPORTED target is not built here; "
                        "lint the file with tlsguard-lint instead")
  endif()

  if(NOT arg_NO_PLUGIN)
    get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
    set(plugin_flags "-fplugin=${TLSGUARD_PLUGIN}")
    foreach(plugin_arg IN LISTS arg_PLUGIN_ARGS)
      list(APPEND plugin_flags "-fplugin-arg-tlsguard-${plugin_arg}")
    endforeach()
    foreach(lang IN ITEMS C CXX OBJC OBJCXX)
      if(NOT lang IN_LIST languages)
        continue()
      endif()
      _tlsguard_plugin_build(${lang} build reason)
      if(build)
        target_compile_options(${target} PRIVATE "$<$<COMPILE_LANGUAGE:${lang}>:${plugin_flags}>")
      else()
        message(STATUS "tlsguard: ${target}: ${reason}: its ${lang} code is linted, not rewritten")
      endif()
    endforeach()
  endif()

  if(NOT arg_NO_LINT AND (type STREQUAL "SHARED_LIBRARY" OR type STREQUAL "MODULE_LIBRARY"))
    set(lint_args ${arg_LINT_ARGS})
    if(arg_CONFIG)
      get_filename_component(config "${arg_CONFIG}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      list(APPEND lint_args "--config=${config}")
    endif()
    if(arg_WARN_ONLY)
      list(APPEND lint_args --fail-on=never)
    endif()
    # From the source directory, so that the project's .tlsguard is found
    # wherever the build directory is.
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND TLSGuard::lint ${lint_args} -- "$<TARGET_FILE:${target}>"
      WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
      COMMENT "tlsguard-lint: checking ${target}"
      VERBATIM)
  endif()
endfunction()
