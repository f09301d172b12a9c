#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// An FSEQ file as the project's reader (core/fseq.h) sees it, in Qt types, for tests whose own
// `ossynapse()` helper keeps the core's namespace out of their translation unit.
struct FseqContents {
    QString error;  // the reader's InputError, or empty
    int majorVersion = 0;
    int minorVersion = 0;
    int stepTimeMs = 0;
    int compression = -1;  // 0 none, 1 zstd
    int sparseRanges = 0;
    qsizetype channelCount = 0;
    qsizetype frameCount = 0;
    qsizetype channelDataOffset = 0;
    QString media;  // the 'mf' variable header
    QList<QByteArray> frames;
};

FseqContents readFseqContents(const QByteArray& file);
