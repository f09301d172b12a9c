#include "app/output/sink_uri.h"

#include <QRegularExpression>

namespace ossynapse {

SinkUri::SinkUri(const QString& text) : m_url(text.trimmed(), QUrl::StrictMode) {
    static const QRegularExpression token(QStringLiteral("([?&]token=)[^&]*"));
    m_shown = text.trimmed();
    m_shown.replace(token, QStringLiteral("\\1***"));
    m_query = QUrlQuery(m_url);
    if (m_shown.contains(QLatin1Char('&')) && !m_shown.contains(QLatin1Char('?'))) {
        fail(QStringLiteral("options start after '?' and are joined by '&' "
                            "(%1://host?latency_ms=50&leds=200)")
                 .arg(m_url.scheme().isEmpty() ? QStringLiteral("ddp") : m_url.scheme()));
    }
    if (!m_url.isValid()) {
        fail(QStringLiteral("not a URI (%1)").arg(m_url.errorString()));
    }
}

void SinkUri::fail(const QString& why) const {
    throw SinkError(QStringLiteral("output '%1': %2").arg(m_shown, why).toStdString());
}

QString SinkUri::host() const {
    if (m_url.host().isEmpty()) {
        fail(QStringLiteral("no host"));
    }
    return m_url.host();
}

quint16 SinkUri::port(int fallback) const {
    const int port = m_url.port(fallback);
    if (port <= 0) {
        fail(QStringLiteral("needs a port: %1://host:port").arg(scheme()));
    }
    return static_cast<quint16>(port);
}

bool SinkUri::has(const QString& key) {
    m_asked << key;
    return m_query.hasQueryItem(key);
}

int SinkUri::number(const QString& key, int fallback, int minimum, int maximum) {
    if (!has(key)) {
        return fallback;
    }
    bool ok = false;
    const int value = m_query.queryItemValue(key).toInt(&ok);
    if (!ok || value < minimum || value > maximum) {
        fail(QStringLiteral("%1 must be a whole number from %2 to %3")
                 .arg(key)
                 .arg(minimum)
                 .arg(maximum));
    }
    return value;
}

QString SinkUri::text(const QString& key) {
    return has(key) ? m_query.queryItemValue(key, QUrl::FullyDecoded) : QString();
}

void SinkUri::refuseUnknownKeys() const {
    QStringList asked = m_asked;
    asked.removeDuplicates();
    for (const auto& [key, value] : m_query.queryItems()) {
        if (!asked.contains(key)) {
            fail(QStringLiteral("unknown option '%1' (%2:// takes %3)")
                     .arg(key, scheme(),
                          asked.isEmpty() ? QStringLiteral("none")
                                          : asked.join(QStringLiteral(", "))));
        }
    }
}

}  // namespace ossynapse
