# cmake -DPROGRAM=path/to/latentecho -DOUT=latentecho.1 -P write_manpage.cmake
# Writes the page `latentecho --manpage` prints; fails the build when the program does.
execute_process(COMMAND ${PROGRAM} --manpage OUTPUT_FILE ${OUT} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  file(REMOVE ${OUT})
  message(FATAL_ERROR "${PROGRAM} --manpage failed (${result})")
endif()
