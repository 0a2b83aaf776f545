# SPDX-FileCopyrightText: 2026 Minimix Lab contributors
# SPDX-License-Identifier: LGPL-2.1-or-later
# cmake -DLAB=minimix-lab -DFIRST=a.json -DSECOND=b.json -P SameView.cmake
# The lab's views belong to the current server alone: playing SECOND after FIRST (each
# on a fresh server, in one process) must leave the fan-out view exactly as playing
# SECOND alone does (--view-json).
foreach(variable LAB FIRST SECOND)
    if(NOT DEFINED ${variable})
        message(FATAL_ERROR "SameView.cmake: -D${variable}=… missing")
    endif()
endforeach()
execute_process(COMMAND ${LAB} --headless --scenario ${SECOND} --view-json alone.json
    RESULT_VARIABLE alone_result OUTPUT_VARIABLE alone_output ERROR_VARIABLE alone_output)
execute_process(COMMAND ${LAB} --headless --scenario ${FIRST} --scenario ${SECOND} --view-json pair.json
    RESULT_VARIABLE pair_result OUTPUT_VARIABLE pair_output ERROR_VARIABLE pair_output)
if(NOT alone_result EQUAL 0 OR NOT pair_result EQUAL 0)
    message(FATAL_ERROR "a run failed (${alone_result}, ${pair_result}):\n${alone_output}\n${pair_output}")
endif()
file(READ alone.json alone)
file(READ pair.json pair)
if(NOT alone STREQUAL pair)
    message(FATAL_ERROR "after ${FIRST}, the view of ${SECOND} differs:\n${pair}\n---- alone:\n${alone}")
endif()
string(FIND "${pair_output}" "Every scenario passed." passed)
if(passed EQUAL -1)
    message(FATAL_ERROR "the pair run did not say every scenario passed:\n${pair_output}")
endif()
message("same view after ${FIRST}:\n${alone}")
