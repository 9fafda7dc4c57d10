# feedback-reviewer: the composition root. ReviewerApp holds the wiring so that the end-to-end
# test builds the very same program as main.cpp does.
add_library(fr_reviewer_app STATIC ReviewerApp.h ReviewerApp.cpp SupervisorConsole.h SupervisorConsole.cpp)
target_include_directories(fr_reviewer_app PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(fr_reviewer_app PUBLIC fr_ui fr_services fr_options Qt6::Widgets Qt6::Network)

add_executable(feedback-reviewer main.cpp ${PROJECT_SOURCE_DIR}/resources/resources.qrc)
target_link_libraries(feedback-reviewer PRIVATE fr_reviewer_app fr_startup)

# resources/translations/feedback-reviewer_en.ts: `cmake --build . --target update_translations`
# refreshes it from the sources (lupdate); the .qm files are built and embedded under :/i18n.
file(GLOB FR_TRANSLATED_SOURCES ${PROJECT_SOURCE_DIR}/ui/*.cpp ${PROJECT_SOURCE_DIR}/ui/*.h
     ${PROJECT_SOURCE_DIR}/app/*.cpp ${PROJECT_SOURCE_DIR}/models/*.cpp)
qt_add_translations(feedback-reviewer
    TS_FILES ${PROJECT_SOURCE_DIR}/resources/translations/feedback-reviewer_en.ts
    SOURCES ${FR_TRANSLATED_SOURCES}
    RESOURCE_PREFIX /i18n)

include(GNUInstallDirs)
install(TARGETS feedback-reviewer RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/packaging/org.feedbackreviewer.FeedbackReviewer.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/feedback-reviewer.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME org.feedbackreviewer.FeedbackReviewer.svg)
