#pragma once

#include <QObject>
#include <QString>

namespace ossynapse {

// The API key in the system keychain (Secret Service, KWallet, macOS Keychain or Windows
// Credential Store through QtKeychain), never in a settings file: no plaintext fallback. Every
// call answers asynchronously with one signal; a keychain that is missing or locked answers
// with failed() in words, and the studio then keeps the key for the session only.
class ApiKeyStore : public QObject {
    Q_OBJECT
  public:
    explicit ApiKeyStore(QObject* parent = nullptr);

    void load();
    void store(const QString& key);
    void forget();

  signals:
    void loaded(const QString& key);  // empty when none is kept
    void stored();
    void forgotten();
    void failed(const QString& message);
};

}  // namespace ossynapse
