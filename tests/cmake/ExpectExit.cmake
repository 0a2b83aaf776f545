# SPDX-FileCopyrightText: 2026 Minimix Lab contributors
# SPDX-License-Identifier: LGPL-2.1-or-later
# cmake [-DEXIT_CODE=N] [-DOUTPUT=REGEX] [-DSTDERR=REGEX] -P ExpectExit.cmake -- PROGRAM [ARGUMENT...]
# Runs PROGRAM and passes only when it exits with EXIT_CODE (default 0), OUTPUT matches
# what it wrote to stdout and stderr together, and STDERR matches its stderr alone.
# (CTest's PASS_REGULAR_EXPRESSION alone ignores the exit code; WILL_FAIL accepts any
# failure, a crash included.) What PROGRAM wrote is echoed either way.
if(NOT DEFINED EXIT_CODE)
    set(EXIT_CODE 0)
endif()
set(command "")
set(after_separator FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(index RANGE ${last})
    if(after_separator)
        list(APPEND command "${CMAKE_ARGV${index}}")
    elseif(CMAKE_ARGV${index} STREQUAL "--")
        set(after_separator TRUE)
    endif()
endforeach()
if(NOT command)
    message(FATAL_ERROR "ExpectExit.cmake: no program after --")
endif()
execute_process(COMMAND ${command} OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE result)
message("---- stdout\n${output}---- stderr\n${errors}----")
set(problems "")
if(NOT "${result}" STREQUAL "${EXIT_CODE}")
    string(APPEND problems "\n  exit code: expected ${EXIT_CODE}, got ${result}")
endif()
if(DEFINED OUTPUT AND NOT "${output}${errors}" MATCHES "${OUTPUT}")
    string(APPEND problems "\n  stdout+stderr does not match: ${OUTPUT}")
endif()
if(DEFINED STDERR AND NOT "${errors}" MATCHES "${STDERR}")
    string(APPEND problems "\n  stderr does not match: ${STDERR}")
endif()
if(problems)
    message(FATAL_ERROR "${command}:${problems}")
endif()
message("ExpectExit: exit code ${result} and output as expected")
