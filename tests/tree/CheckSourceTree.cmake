# SPDX-FileCopyrightText: 2026 Minimix Lab contributors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The rules of the source tree that no compiler checks (cmake -P, run by CTest):
#  - every source file carries an SPDX licence header;
#  - app/ holds main.cpp, CMakeLists.txt and folders only;
#  - app/core/ includes no Qt Gui or Widgets header and no lab folder outside core/;
#  - no two folders of app/ include each other, directly or through others.
# -DSOURCE_DIR=<repo> -DQT_GUI_INCLUDE_DIRS=<dir|dir> (the QtGui and QtWidgets header folders)
cmake_minimum_required(VERSION 3.16)
string(REPLACE "|" ";" QT_GUI_INCLUDE_DIRS "${QT_GUI_INCLUDE_DIRS}")
if(NOT QT_GUI_INCLUDE_DIRS)
    message(FATAL_ERROR "QT_GUI_INCLUDE_DIRS is empty: cannot tell Gui headers from others")
endif()

set(problems "")
macro(problem text)
    string(APPEND problems "  ${text}\n")
endmacro()

# SPDX headers.
file(GLOB_RECURSE sources RELATIVE ${SOURCE_DIR}
    ${SOURCE_DIR}/app/*.cpp ${SOURCE_DIR}/app/*.h ${SOURCE_DIR}/server/*.cpp ${SOURCE_DIR}/server/*.h
    ${SOURCE_DIR}/shared/*.cpp ${SOURCE_DIR}/shared/*.h ${SOURCE_DIR}/bench/*.cpp ${SOURCE_DIR}/bench/*.h
    ${SOURCE_DIR}/tests/*.cpp ${SOURCE_DIR}/tests/*.h ${SOURCE_DIR}/fuzz/*.cpp ${SOURCE_DIR}/fuzz/*.h
    ${SOURCE_DIR}/*CMakeLists.txt ${SOURCE_DIR}/*.cmake ${SOURCE_DIR}/*.sh ${SOURCE_DIR}/.ci/*)
list(FILTER sources EXCLUDE REGEX "^build")
set(checked 0)
foreach(source ${sources})
    file(READ ${SOURCE_DIR}/${source} head LIMIT 400)
    if(NOT head MATCHES "SPDX-License-Identifier: LGPL-2\\.1-or-later")
        problem("${source}: no SPDX-License-Identifier header")
    endif()
    math(EXPR checked "${checked} + 1")
endforeach()
if(checked LESS 100)
    problem("only ${checked} source files found under ${SOURCE_DIR}: wrong SOURCE_DIR?")
endif()

# app/: main.cpp and folders.
file(GLOB app_entries RELATIVE ${SOURCE_DIR}/app ${SOURCE_DIR}/app/*)
foreach(entry ${app_entries})
    if(NOT IS_DIRECTORY ${SOURCE_DIR}/app/${entry} AND NOT entry MATCHES "^(main\\.cpp|CMakeLists\\.txt)$")
        problem("app/${entry}: app/ holds main.cpp and folders only")
    endif()
endforeach()

# The include graph between app/ folders (core/<part> counts as a folder of its own).
file(GLOB_RECURSE app_sources RELATIVE ${SOURCE_DIR}/app ${SOURCE_DIR}/app/*.cpp ${SOURCE_DIR}/app/*.h)
set(folders "")
foreach(source ${app_sources})
    get_filename_component(from ${source} DIRECTORY)
    if(from STREQUAL "")
        continue() # main.cpp may include anything
    endif()
    list(APPEND folders ${from})
    file(STRINGS ${SOURCE_DIR}/app/${source} includes REGEX "^#include [<\"]")
    foreach(line ${includes})
        if(line MATCHES "^#include \"([a-z]+(/[a-z]+)?)/[A-Za-z0-9_]+\\.h\"")
            set(to ${CMAKE_MATCH_1})
            if(NOT to STREQUAL from AND IS_DIRECTORY ${SOURCE_DIR}/app/${to})
                string(MAKE_C_IDENTIFIER ${from} id)
                list(APPEND edges_${id} ${to})
                if(from MATCHES "^core" AND NOT to MATCHES "^core")
                    problem("app/${source}: core includes ${to}/, a folder with widgets")
                endif()
            endif()
        elseif(from MATCHES "^core" AND line MATCHES "^#include <([A-Za-z0-9_]+)>")
            set(header ${CMAKE_MATCH_1})
            foreach(dir ${QT_GUI_INCLUDE_DIRS})
                if(EXISTS ${dir}/${header})
                    problem("app/${source}: core includes <${header}> from ${dir}")
                endif()
            endforeach()
        endif()
    endforeach()
endforeach()
list(REMOVE_DUPLICATES folders)
# Reachability by repeated expansion (a handful of folders: plain loops are enough).
foreach(folder ${folders})
    string(MAKE_C_IDENTIFIER ${folder} id)
    set(reach_${id} ${edges_${id}})
    set(queue ${edges_${id}})
    while(queue)
        list(POP_FRONT queue next)
        string(MAKE_C_IDENTIFIER ${next} nextId)
        foreach(after ${edges_${nextId}})
            if(NOT after IN_LIST reach_${id})
                list(APPEND reach_${id} ${after})
                list(APPEND queue ${after})
            endif()
        endforeach()
    endwhile()
    if(folder IN_LIST reach_${id})
        problem("app/${folder}/ includes itself through another folder (${edges_${id}})")
    endif()
endforeach()
list(LENGTH folders folderCount)
if(folderCount LESS 5)
    problem("only ${folderCount} folders found in app/")
endif()

if(problems)
    message(FATAL_ERROR "The source tree breaks its rules:\n${problems}")
endif()
message(STATUS "Source tree: ${checked} files with SPDX headers, ${folderCount} app folders, no include cycles")
