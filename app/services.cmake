# fr_services: what the program does — the API client, sync engine, authentication (keychain)
# and the triage controller. No widgets: ui/ and main.cpp sit on top of it.
add_library(fr_services STATIC
    ApiClient.h ApiClient.cpp
    ApiError.h ApiError.cpp
    SecretStore.h SecretStore.cpp
    AuthService.h AuthService.cpp
    Backoff.h Backoff.cpp
    SyncEngine.h SyncEngine.cpp
    ReconnectProbe.h ReconnectProbe.cpp
    TriageController.h TriageController.cpp
    SlaDashboardController.h SlaDashboardController.cpp
)
target_include_directories(fr_services PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(fr_services PUBLIC fr_models fr_options Qt6::Core Qt6::Network qt6keychain)
