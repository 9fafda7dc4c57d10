# fr_startup: what main.cpp does before the program proper starts — the command line and the
# log file (Qt Core only, so that tests link it without widgets or services).
add_library(fr_startup STATIC
    CommandLine.h CommandLine.cpp
    LogFile.h LogFile.cpp
)
target_include_directories(fr_startup PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(fr_startup PUBLIC fr_options Qt6::Core)
