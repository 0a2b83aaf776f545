# cmake -DPROGRAM=... -DARGUMENTS="a;b" -P ExitZeroThenOutput.cmake
# Runs PROGRAM and prints what it wrote only when it exited 0: a PASS_REGULAR_EXPRESSION
# on this script's output then asks for both the exit code and the line (CTest alone
# ignores the exit code of a test with a pass expression).
execute_process(COMMAND ${PROGRAM} ${ARGUMENTS} OUTPUT_VARIABLE output ERROR_VARIABLE errors
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} exited with ${result}:\n${errors}")
endif()
message("${output}${errors}")
