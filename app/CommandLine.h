#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>
#include <QUrl>

namespace fr {

// feedback-reviewer [--server URL] [--offline] [--verbose] [--help] [--version]: the options and
// what they mean, apart from main.cpp so that a test can parse a command line.
class CommandLine
{
public:
    struct Options {
        QUrl server;          // --server; empty = the last one used
        QString serverError;  // --server was given but is not a URL: say this, exit 2
        bool offline = false; // --offline
        bool verbose = false; // --verbose: debug output of every fr.* category
    };

    CommandLine();
    // main.cpp calls process() on it (which answers --help and --version); tests call parse().
    QCommandLineParser &parser() { return m_parser; }
    Options options() const;  // after process() or a successful parse()
    QString summary() const;  // the options for the log: never a secret (there is none to give)

private:
    QCommandLineParser m_parser;
    QCommandLineOption m_server;
    QCommandLineOption m_offline;
    QCommandLineOption m_verbose;
};

} // namespace fr
