#include "app/studio/api_key_store.h"

#include <qt6keychain/keychain.h>

namespace ossynapse {
namespace {

const QString kService = QStringLiteral("OSSynapse Studio");
const QString kKey = QStringLiteral("api-key");

template <typename JobType>
JobType* newJob(QObject* parent) {
    auto* job = new JobType(kService, parent);
    job->setKey(kKey);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    return job;
}

QString describe(const QKeychain::Job& job) {
    return QStringLiteral("the system keychain cannot be used (%1)").arg(job.errorString());
}

}  // namespace

ApiKeyStore::ApiKeyStore(QObject* parent) : QObject(parent) {}

void ApiKeyStore::load() {
    auto* job = newJob<QKeychain::ReadPasswordJob>(this);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        if (job->error() == QKeychain::NoError) {
            emit loaded(job->textData());
        } else if (job->error() == QKeychain::EntryNotFound) {
            emit loaded(QString());
        } else {
            emit failed(describe(*job));
        }
    });
    job->start();
}

void ApiKeyStore::store(const QString& key) {
    auto* job = newJob<QKeychain::WritePasswordJob>(this);
    job->setTextData(key);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        if (job->error() == QKeychain::NoError) {
            emit stored();
        } else {
            emit failed(describe(*job));
        }
    });
    job->start();
}

void ApiKeyStore::forget() {
    auto* job = newJob<QKeychain::DeletePasswordJob>(this);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        if (job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound) {
            emit forgotten();
        } else {
            emit failed(describe(*job));
        }
    });
    job->start();
}

}  // namespace ossynapse
