#pragma once

#include <QSet>
#include <QString>
#include <QUrl>
#include <QUrlQuery>
#include <stdexcept>

namespace ossynapse {

// A URI or file name the factory cannot make an output of; what() names it and says why, in
// one line, without any token it carried.
class SinkError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// An output URI being read by its kind: scheme://host[:port][?key=value&...]. Each kind asks
// for the keys it understands; the factory then refuses any key nobody asked for, so a typo
// is named instead of ignored. Query keys start after "?" and are joined by "&".
class SinkUri {
  public:
    explicit SinkUri(const QString& text);

    QString scheme() const { return m_url.scheme(); }
    // The host; throws when there is none.
    QString host() const;
    // The port, or `fallback` (-1: required, throws when missing).
    quint16 port(int fallback) const;
    bool has(const QString& key);
    // A whole number in [minimum, maximum], or `fallback` when absent; throws otherwise.
    int number(const QString& key, int fallback, int minimum, int maximum);
    QString text(const QString& key);
    // Throws naming the first key no kind asked for, and the keys this kind takes.
    void refuseUnknownKeys() const;
    // The URI as given, with the value of any `token` key replaced by "***": safe to print.
    const QString& shown() const { return m_shown; }
    [[noreturn]] void fail(const QString& why) const;

  private:
    QUrl m_url;
    QUrlQuery m_query;
    QString m_shown;
    QStringList m_asked;
};

}  // namespace ossynapse
