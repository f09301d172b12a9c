#pragma once

// Adds the classification rows (stream, expected deltas, expected outcome) to the current
// Qt Test data table: one row per edge case real servers produce.
void addChatStreamCases();
