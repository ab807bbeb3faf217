# Fuzz targets (tests/fuzz/README.md), included by tests/CMakeLists.txt or, for a fuzzing build,
# by the top level. Each source defines LLVMFuzzerTestOneInput. With
# FRISTVAKT_FUZZ (clang) each becomes a libFuzzer binary; in every build they are also linked
# into fuzz_replay, which the test suite runs over the committed corpora.
set(FRISTVAKT_FUZZ_TARGETS plan rule_file config cron api workbook)
set(FRISTVAKT_FUZZ_plan FuzzPlan)
set(FRISTVAKT_FUZZ_rule_file FuzzRuleFile)
set(FRISTVAKT_FUZZ_config FuzzConfig)
set(FRISTVAKT_FUZZ_cron FuzzCron)
set(FRISTVAKT_FUZZ_api FuzzApi)
set(FRISTVAKT_FUZZ_workbook FuzzWorkbook)

add_library(fristvakt_fuzz_support STATIC ${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz_support.cc)
target_compile_options(fristvakt_fuzz_support PRIVATE ${FRISTVAKT_WARNINGS})
target_include_directories(fristvakt_fuzz_support PUBLIC ${PROJECT_SOURCE_DIR})
target_compile_definitions(fristvakt_fuzz_support PUBLIC
                           FRISTVAKT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(fristvakt_fuzz_support PUBLIC fristvakt_core)

# The replay: every target, renamed so that they can share one binary.
set(replay_sources ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.cc)
foreach(name ${FRISTVAKT_FUZZ_TARGETS})
  set(object fuzz_replay_${name})
  add_library(${object} OBJECT ${PROJECT_SOURCE_DIR}/tests/fuzz/${name}_fuzz.cc)
  target_compile_options(${object} PRIVATE ${FRISTVAKT_WARNINGS})
  target_compile_definitions(${object} PRIVATE
                             LLVMFuzzerTestOneInput=${FRISTVAKT_FUZZ_${name}})
  target_link_libraries(${object} PRIVATE fristvakt_fuzz_support)
  list(APPEND replay_sources $<TARGET_OBJECTS:${object}>)
  add_test(NAME Fuzz.Replay.${name}
           COMMAND fuzz_replay ${name} ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/${name})
endforeach()
add_executable(fuzz_replay ${replay_sources})
target_compile_options(fuzz_replay PRIVATE ${FRISTVAKT_WARNINGS})
target_link_libraries(fuzz_replay PRIVATE fristvakt_fuzz_support)

if(FRISTVAKT_FUZZ)
  foreach(name ${FRISTVAKT_FUZZ_TARGETS})
    add_executable(fuzz_${name} ${PROJECT_SOURCE_DIR}/tests/fuzz/${name}_fuzz.cc)
    target_link_libraries(fuzz_${name} PRIVATE fristvakt_fuzz_support)
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
  endforeach()
endif()
