// The seed's own protocol, for an original GPT-OSSynapse Pi or ossynapsed's /update: token
// rates, not frames. The tokens played on each channel are batched and posted every 50 ms as
// {channel, delta, duration}, delta tokens over the seconds since that channel's last post, as
// the seed's tap does; the Pi runs the light engine itself.
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <algorithm>
#include <array>

#include "app/output/frame_sink_factory.h"

namespace ossynapse {
namespace {

constexpr auto kTokenVariable = "OSSYNAPSE_SEED_TOKEN";

// The bearer token `ossynapsed --token` asks for: ?token=T, ?token_file=F (first line), or
// the environment. Never shown: SinkUri hides ?token= in every message and status.
QString bearerToken(SinkUri& uri) {
    const bool inline_ = uri.has(QStringLiteral("token"));
    const bool file_ = uri.has(QStringLiteral("token_file"));
    if (inline_) {
        return uri.text(QStringLiteral("token"));
    }
    if (file_) {
        const QString path = uri.text(QStringLiteral("token_file"));
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            uri.fail(
                QStringLiteral("cannot read the token file %1 (%2)").arg(path, file.errorString()));
        }
        return QString::fromUtf8(file.readLine(4096)).trimmed();
    }
    return qEnvironmentVariable(kTokenVariable);
}

class SeedHttpSink final : public FrameSink {
  public:
    explicit SeedHttpSink(SinkUri& uri)
        : m_uri(uri.shown()),
          m_endpoint(QStringLiteral("http://%1:%2/update").arg(uri.host()).arg(uri.port(-1))),
          m_token(bearerToken(uri)) {
        m_clock.start();
        m_batch.setInterval(50);
        connect(&m_batch, &QTimer::timeout, this, &SeedHttpSink::post);
    }

    void accept(const Frame& frame) override { Q_UNUSED(frame); }

    void acceptTokens(const TokenEvent& event) override {
        ++m_accepted;
        m_pending[index(event.channel)] += event.tokens;
        if (!m_batch.isActive()) {
            m_batch.start();
        }
    }

    // What is pending goes out now; the Pi's engine then goes dark by its own idle rule.
    int finish() override {
        post();
        m_batch.stop();
        return m_inFlight > 0 ? 300 : 0;
    }

    SinkStatus status() const override {
        SinkStatus status{m_uri, QStringLiteral("sending"), m_delivered, m_errors,
                          m_accepted > 0 && m_delivered == 0 && m_errors > 0};
        if (m_errors > 0) {
            status.state =
                QStringLiteral("sending, %1 errors (last: %2)").arg(m_errors).arg(m_lastError);
        }
        return status;
    }

  private:
    void post() {
        const qint64 now = m_clock.nsecsElapsed();
        for (Channel channel : kChannels) {
            const std::size_t c = index(channel);
            if (m_pending[c] == 0) {
                m_lastPostNs[c] = now;  // idle: the next batch measures from here
                continue;
            }
            const double duration =
                std::max(0.001, static_cast<double>(now - m_lastPostNs[c]) * 1e-9);
            const QJsonObject body{
                {QStringLiteral("channel"), QString::fromLatin1(channelName(channel).data())},
                {QStringLiteral("delta"), m_pending[c]},
                {QStringLiteral("duration"), duration}};
            QNetworkRequest request{QUrl(m_endpoint)};
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QStringLiteral("application/json"));
            if (!m_token.isEmpty()) {
                request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
            }
            QNetworkReply* reply =
                m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
            ++m_inFlight;
            connect(reply, &QNetworkReply::finished, this, [this, reply] {
                --m_inFlight;
                if (reply->error() == QNetworkReply::NoError) {
                    ++m_delivered;
                } else {
                    ++m_errors;
                    m_lastError = reply->errorString();
                }
                reply->deleteLater();
            });
            m_pending[c] = 0;
            m_lastPostNs[c] = now;
        }
    }

    QString m_uri;
    QString m_endpoint;
    QString m_token;
    QNetworkAccessManager m_network;
    QTimer m_batch;
    QElapsedTimer m_clock;
    std::array<int, kChannelCount> m_pending{};
    std::array<qint64, kChannelCount> m_lastPostNs{};
    quint64 m_accepted = 0;
    quint64 m_delivered = 0;
    quint64 m_errors = 0;
    int m_inFlight = 0;
    QString m_lastError;
};

}  // namespace

SinkKind seedHttpSinkKind() {
    return {QStringLiteral("seed-http"), QStringLiteral("seed-http://host:port[?token_file=F]"),
            QStringLiteral("the seed's POST /update token rates (an original GPT-OSSynapse Pi, "
                           "ossynapsed --http-port); the bearer token for ossynapsed --token "
                           "comes from ?token_file=F, ?token=T or $") +
                QLatin1String(kTokenVariable),
            [](SinkUri& uri) -> std::unique_ptr<FrameSink> {
                return std::make_unique<SeedHttpSink>(uri);
            }};
}

}  // namespace ossynapse
