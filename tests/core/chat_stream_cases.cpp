#include "chat_stream_cases.h"

#include <QTest>

// Kept out of the test's .cpp: moc does not parse raw string literals reliably.
namespace {

QByteArray chunk(const char* delta, const char* finish = "null") {
    return QByteArray("data: {\"choices\":[{\"index\":0,\"delta\":") + delta +
           ",\"finish_reason\":" + finish + "}]}\n\n";
}

}  // namespace

void addChatStreamCases() {
    QTest::newRow("content is completion")
        << chunk(R"({"content":"Hi"})") + chunk("{}", "\"stop\"") + "data: [DONE]\n\n"
        << "C'Hi'"
        << "complete finish=stop";
    QTest::newRow("reasoning with empty content and role (OpenRouter)")
        << chunk(R"({"role":"assistant","content":"","reasoning":"Let"})") + "data: [DONE]\n\n"
        << "R'Let'"
        << "complete";
    QTest::newRow("reasoning and reasoning_details count once")
        << chunk(
               R"({"content":"","reasoning":"ab","reasoning_details":[{"type":"reasoning.text","text":"ab"}]})")
        << "R'ab'"
        << "truncated";
    QTest::newRow("reasoning_content (llama.cpp, older vLLM)")
        << chunk(R"({"reasoning_content":"think"})") << "R'think'"
        << "truncated";
    QTest::newRow("reasoning preferred over reasoning_content")
        << chunk(R"({"reasoning":"a","reasoning_content":"a"})") << "R'a'"
        << "truncated";
    QTest::newRow("reasoning_details text only")
        << chunk(
               R"({"reasoning":null,"reasoning_details":[{"type":"reasoning.text","text":"x"},{"type":"reasoning.text","text":"y"}]})")
        << "R'xy'"
        << "truncated";
    QTest::newRow("encrypted reasoning is activity")
        << chunk(
               R"({"content":"","reasoning":null,"reasoning_details":[{"type":"reasoning.encrypted","data":"gAAA"}]})")
        << "R*"
        << "truncated";
    QTest::newRow("reasoning as an object")
        << chunk(R"({"reasoning_content":{"text":"wrapped"}})") << "R'wrapped'"
        << "truncated";
    QTest::newRow("role-only first chunk, null content")
        << chunk(R"({"role":"assistant","content":null})") + chunk(R"({"content":"a"})") << "C'a'"
        << "truncated";
    QTest::newRow("empty and null deltas")
        << chunk("{}") + chunk("null") +
               chunk(R"({"content":"","reasoning":null,"reasoning_details":[]})")
        << ""
        << "truncated";
    QTest::newRow("tool-call deltas carry no text")
        << chunk(
               R"({"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"weather","arguments":""}}]})") +
               chunk(R"({"tool_calls":[{"index":0,"function":{"arguments":"{\"loc"}}]})") +
               chunk("{}", "\"tool_calls\"")
        << ""
        << "complete finish=tool_calls";
    QTest::newRow("choices [] usage chunk after finish")
        << chunk(R"({"content":"a"})") + chunk("{}", "\"stop\"") +
               R"(data: {"choices":[],"usage":{"completion_tokens":5,"completion_tokens_details":{"reasoning_tokens":2}}})"
               "\n\n" +
               "data: [DONE]\n\n"
        << "C'a'"
        << "complete finish=stop usage=5/2";
    QTest::newRow("usage on a second finish chunk (OpenRouter)")
        << chunk(R"({"content":"a"})") + chunk(R"({"content":""})", "\"stop\"") +
               R"(data: {"choices":[{"index":0,"delta":{"content":""},"finish_reason":"stop"}],"usage":{"completion_tokens":9}})"
               "\n\n"
        << "C'a'"
        << "complete finish=stop usage=9";
    QTest::newRow("no choices key at all")
        << QByteArray(R"(data: {"id":"x","usage":{"completion_tokens":1}})"
                      "\n\n")
        << ""
        << "truncated usage=1";
    QTest::newRow("finish without DONE is complete")
        << chunk(R"({"content":"a"})", "\"length\"") << "C'a'"
        << "complete finish=length";
    QTest::newRow("cut off: no finish, no DONE") << chunk(R"({"content":"a"})") << "C'a'"
                                                 << "truncated";
    QTest::newRow("error object mid-stream (OpenRouter)")
        << chunk(R"({"reasoning":"a"})") +
               R"(data: {"error":{"code":502,"message":"Provider returned error"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]})"
               "\n\n"
        << "R'a'"
        << "error finish=error error=Provider returned error(502)";
    QTest::newRow("flat error object (older vLLM)")
        << chunk(R"({"content":"a"})") +
               R"(data: {"object":"error","message":"CUDA out of memory","type":"InternalServerError","code":500})"
               "\n\n" +
               "data: [DONE]\n\n"
        << "C'a'"
        << "error error=CUDA out of memory(500)";
    QTest::newRow("malformed JSON is skipped, stream goes on")
        << chunk(R"({"content":"a"})") + "data: {\"choices\":[{\"delta\":{\"content\":\"b\"\n\n" +
               chunk(R"({"content":"c"})") + "data: [DONE]\n\n"
        << "C'a' C'c'"
        << "complete";
    QTest::newRow("comments at start and mid-stream")
        << ": OPENROUTER PROCESSING\n\n" + chunk(R"({"reasoning":"a"})") +
               ": OPENROUTER PROCESSING\n\n" + chunk(R"({"content":"b"})")
        << "R'a' C'b'"
        << "truncated";
    QTest::newRow("harmony markers in content (old llama.cpp)")
        << chunk(R"({"content":"<|channel|>"})") + chunk(R"({"content":"analysis"})") +
               chunk(R"({"content":"<|message|>"})") + chunk(R"({"content":"User asks"})") +
               chunk(R"({"content":"<|start|>"})") + chunk(R"({"content":"assistant"})") +
               chunk(R"({"content":"<|channel|>"})") + chunk(R"({"content":"final"})") +
               chunk(R"({"content":"<|message|>"})") + chunk(R"({"content":"Hello"})") +
               chunk(R"({"content":"!"})") + chunk("{}", "\"stop\"")
        << "R'User asks' C'Hello' C'!'"
        << "complete finish=stop";
    QTest::newRow("harmony marker split across chunks")
        << chunk(R"({"content":"<|chan"})") + chunk(R"({"content":"nel|>analysis<|mess"})") +
               chunk(
                   R"({"content":"age|>hm<|end|><|start|>assistant<|channel|>final<|message|>ok"})")
        << "R'hm' C'ok'"
        << "truncated";
    QTest::newRow("text that only looks like a marker start")
        << chunk(R"({"content":"a <|st"})") + chunk(R"({"content":"uff"})") << "C'a ' C'<|stuff'"
        << "truncated";
    QTest::newRow("not a marker at all") << chunk(R"({"content":"x <|b"})") << "C'x <|b'"
                                         << "truncated";
    QTest::newRow("llama.cpp per-chunk timings count tokens")
        << QByteArray(
               R"(data: {"choices":[{"delta":{"reasoning_content":"a"}}],"timings":{"predicted_n":3}})"
               "\n\n"
               R"(data: {"choices":[{"delta":{"reasoning_content":"b"}}],"timings":{"predicted_n":7}})"
               "\n\n")
        << "R'a'x3 R'b'x4"
        << "truncated";
    QTest::newRow("vLLM continuous usage counts tokens")
        << QByteArray(
               R"(data: {"choices":[{"delta":{"content":"a"}}],"usage":{"completion_tokens":2}})"
               "\n\n"
               R"(data: {"choices":[{"delta":{"content":"b"}}],"usage":{"completion_tokens":3}})"
               "\n\n")
        << "C'a'x2 C'b'"
        << "truncated usage=3";
    QTest::newRow("Responses API events")
        << QByteArray(
               "event: response.reasoning_text.delta\ndata: "
               "{\"type\":\"response.reasoning_text.delta\",\"delta\":\"r\"}\n\n"
               "event: response.output_text.delta\ndata: "
               "{\"type\":\"response.output_text.delta\",\"delta\":\"o\"}\n\n"
               "event: response.completed\ndata: "
               "{\"type\":\"response.completed\",\"response\":{\"usage\":{\"output_tokens\":2}}}"
               "\n\n")
        << "R'r' C'o'"
        << "complete finish=stop";
    QTest::newRow("CRLF framing")
        << QByteArray(
               "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\r\n\r\ndata: [DONE]\r\n\r\n")
        << "C'a'"
        << "complete";
    QTest::newRow("data: without space")
        << QByteArray("data:{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata:[DONE]\n\n")
        << "C'a'"
        << "complete";
    QTest::newRow("multi-line data field")
        << QByteArray("data: {\"choices\":[{\"delta\":\ndata: {\"content\":\"a\"}}]}\n\n") << "C'a'"
        << "truncated";
    QTest::newRow("utf-8 split across reads")
        << chunk("{\"content\":\"caf\xC3\xA9 \xF0\x9F\xA7\xA0\"}")
        << QString::fromUtf8("C'caf\xC3\xA9 \xF0\x9F\xA7\xA0'") << "truncated";
    // The field's kinds (../shared/fixtures/field/README.md): each kind, not each file.
    QTest::newRow("reasoning and content in one delta (vLLM reasoning parser)")
        << chunk(R"({"reasoning_content":"Let"})") +
               chunk(R"({"reasoning_content":" me","content":"Hi"})") +
               chunk(R"({"reasoning":"a","content":"b"})") + chunk("{}", "\"stop\"")
        << "R'Let' R' me' C'Hi' R'a' C'b'"
        << "complete finish=stop";
    QTest::newRow("content as typed blocks (Mistral)")
        << chunk(R"({"content":[{"type":"thinking","thinking":[{"type":"text","text":"a"}]}]})") +
               chunk(R"({"content":[{"type":"text","text":"b"}]})") +
               chunk(
                   R"({"content":[{"type":"thinking","thinking":[{"type":"text","text":"c"},{"type":"text","text":"d"}]},{"type":"text","text":"e"},{"type":"text","text":"f"}]})") +
               chunk(
                   R"({"content":[{"type":"thinking","thinking":"g"},{"type":"image_url"},"h"]})") +
               chunk(R"({"content":"i"})") + chunk("{}", "\"stop\"")
        << "R'a' C'b' R'cd' C'ef' R'g' C'h' C'i'"
        << "complete finish=stop";
    QTest::newRow("error field line then [DONE] (llama.cpp 2025)")
        << chunk(R"({"role":"assistant","content":null})") +
               "error: {\"code\":400,\"message\":\"the request exceeds the available context "
               "size\",\"type\":\"invalid_request_error\"}\n\ndata: [DONE]\n\n"
        << ""
        << "error error=the request exceeds the available context size(400)";
    QTest::newRow("named error event without an error member")
        << chunk(R"({"content":"a"})") +
               "event: error\ndata: {\"message\":\"Overloaded\",\"type\":\"overloaded_error\"}"
               "\n\ndata: [DONE]\n\n"
        << "C'a'"
        << "error error=Overloaded()";
    QTest::newRow("named error event with plain text")
        << QByteArray("event: error\ndata: upstream timed out\n\n") << ""
        << "error error=upstream timed out()";
    QTest::newRow("named error event with an error member (Anthropic shape)")
        << QByteArray(
               "event: error\ndata: "
               "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Busy\"}}"
               "\n\n")
        << ""
        << "error error=Busy()";
    QTest::newRow("bare [DONE]: no token, no finish reason, not complete")
        << QByteArray("data: [DONE]\n\n") << ""
        << "truncated";
    QTest::newRow("role-only chunk then [DONE] is not complete")
        << chunk(R"({"role":"assistant","content":""})") + "data: [DONE]\n\n"
        << ""
        << "truncated";
    QTest::newRow("consecutive data lines without a blank line (one hosted GLM)")
        << QByteArray(
               "data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"r\"}}]}\n"
               "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0}]}}]}\n"
               "data: {\"choices\":[{\"delta\":{\"content\":\"c\"}}]}\n\n"
               "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n"
               "data: [DONE]\n\n")
        << "R'r' C'c'"
        << "complete finish=stop";
    QTest::newRow("usage number out of range: skipped, not fatal")
        << chunk(R"({"content":"a"})") + chunk("{}", "\"stop\"") +
               "data: {\"choices\":[],\"usage\":{\"completion_tokens\":1e400}}\n\n"
               "data: [DONE]\n\n"
        << "C'a'"
        << "complete finish=stop";
}
