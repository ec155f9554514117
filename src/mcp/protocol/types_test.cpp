#include <mcp/protocol/types.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::protocol;
namespace json = boost::json;

json::value wire(char const* text) {
    return json::parse(text);
}

annotations full_annotations() {
    return {{role::user, role::assistant}, 0.5, "2025-01-12T15:00:58Z"};
}

// --- shared pieces -----------------------------------------------------------------------------------------

TEST(TypesWire, IconMinimal) {
    EXPECT_EQ(to_json(icon{"https://x/i.png"}), wire(R"({"src":"https://x/i.png"})"));
}

TEST(TypesWire, IconFull) {
    icon i{"data:image/png;base64,AA", "image/png", {"48x48", "any"}, "dark"};
    EXPECT_EQ(
        to_json(i),
        wire(
            R"({"src":"data:image/png;base64,AA","mimeType":"image/png","sizes":["48x48","any"],"theme":"dark"})"));
}

TEST(TypesWire, ImplementationMinimal) {
    EXPECT_EQ(to_json(implementation{"srv", "1.0.0"}), wire(R"({"name":"srv","version":"1.0.0"})"));
}

TEST(TypesWire, ImplementationFull) {
    implementation i{
        "srv", "1.0.0", "Server", "Does things", "https://example.com", {icon{"https://x/i.png"}}};
    EXPECT_EQ(to_json(i),
              wire(R"({"name":"srv","version":"1.0.0","title":"Server","description":"Does things",
                                   "websiteUrl":"https://example.com","icons":[{"src":"https://x/i.png"}]})"));
}

TEST(TypesWire, AnnotationsEmptyIsEmptyObject) {
    EXPECT_EQ(to_json(annotations{}), wire("{}"));
}

TEST(TypesWire, AnnotationsFull) {
    EXPECT_EQ(
        to_json(full_annotations()),
        wire(R"({"audience":["user","assistant"],"priority":0.5,"lastModified":"2025-01-12T15:00:58Z"})"));
}

// --- content -----------------------------------------------------------------------------------------------

TEST(TypesWire, TextContent) {
    EXPECT_EQ(to_json(text("hi")), wire(R"({"type":"text","text":"hi"})"));
}

TEST(TypesWire, TextContentWithAnnotations) {
    content c = text_content{"hi", annotations{{role::assistant}, 1.0, std::nullopt}};
    EXPECT_EQ(to_json(c),
              wire(R"({"type":"text","text":"hi","annotations":{"audience":["assistant"],"priority":1.0}})"));
}

TEST(TypesWire, ImageContent) {
    EXPECT_EQ(to_json(image("AAAA", "image/png")),
              wire(R"({"type":"image","data":"AAAA","mimeType":"image/png"})"));
}

TEST(TypesWire, AudioContent) {
    EXPECT_EQ(to_json(audio("BBBB", "audio/wav")),
              wire(R"({"type":"audio","data":"BBBB","mimeType":"audio/wav"})"));
}

TEST(TypesWire, ResourceLinkMinimal) {
    content c = resource_link{"file:///a.txt", "a.txt"};
    EXPECT_EQ(to_json(c), wire(R"({"type":"resource_link","uri":"file:///a.txt","name":"a.txt"})"));
}

TEST(TypesWire, ResourceLinkFull) {
    content c =
        resource_link{"file:///a.txt", "a.txt", "A", "The file", "text/plain", annotations{{}, 0.2, {}}};
    EXPECT_EQ(to_json(c), wire(R"({"type":"resource_link","uri":"file:///a.txt","name":"a.txt","title":"A",
                                   "description":"The file","mimeType":"text/plain","annotations":{"priority":0.2}})"));
}

TEST(TypesWire, EmbeddedTextResource) {
    content c = embedded_resource{resource_contents{"test://r", "text/plain", "body", std::nullopt}};
    EXPECT_EQ(
        to_json(c),
        wire(R"({"type":"resource","resource":{"uri":"test://r","mimeType":"text/plain","text":"body"}})"));
}

TEST(TypesWire, EmbeddedBlobResourceWithAnnotations) {
    content c = embedded_resource{resource_contents{"test://b", std::nullopt, std::nullopt, "AQID"},
                                  annotations{{role::user}, {}, {}}};
    EXPECT_EQ(to_json(c), wire(R"({"type":"resource","resource":{"uri":"test://b","blob":"AQID"},
                                   "annotations":{"audience":["user"]}})"));
}

TEST(TypesWire, TextResourceContents) {
    EXPECT_EQ(to_json(resource_contents{"test://r", std::nullopt, "", std::nullopt}),
              wire(R"({"uri":"test://r","text":""})"));
}

// --- tools -------------------------------------------------------------------------------------------------

TEST(TypesWire, ToolAnnotationsUseHintNames) {
    tool_annotations a{"Delete", false, true, true, false};
    EXPECT_EQ(to_json(a), wire(R"({"title":"Delete","readOnlyHint":false,"destructiveHint":true,
                                   "idempotentHint":true,"openWorldHint":false})"));
}

TEST(TypesWire, ToolMinimalWritesItsInputSchema) {
    tool t{"add"};
    t.input_schema = {{"type", "object"}, {"properties", json::object{}}};
    EXPECT_EQ(to_json(t), wire(R"({"name":"add","inputSchema":{"type":"object","properties":{}}})"));
}

TEST(TypesWire, ToolWithEmptyInputSchemaWritesObjectSchema) {
    EXPECT_EQ(to_json(tool{"ping"}), wire(R"({"name":"ping","inputSchema":{"type":"object"}})"));
}

TEST(TypesWire, ToolFull) {
    tool t{"add",
           "Add",
           "Adds numbers",
           {{"type", "object"}},
           json::object{{"type", "object"}},
           tool_annotations{{}, true, {}, {}, {}},
           {icon{"https://x/add.png"}}};
    EXPECT_EQ(to_json(t), wire(R"({"name":"add","title":"Add","description":"Adds numbers",
                                   "inputSchema":{"type":"object"},"outputSchema":{"type":"object"},
                                   "annotations":{"readOnlyHint":true},"icons":[{"src":"https://x/add.png"}]})"));
}

TEST(TypesWire, CallToolResultEmptyContentIsStillWritten) {
    EXPECT_EQ(to_json(call_tool_result{}), wire(R"({"content":[]})"));
}

TEST(TypesWire, CallToolResultOmitsIsErrorWhenFalse) {
    EXPECT_EQ(to_json(call_tool_result{{text("3")}}), wire(R"({"content":[{"type":"text","text":"3"}]})"));
}

TEST(TypesWire, CallToolResultWritesIsErrorWhenTrue) {
    EXPECT_EQ(to_json(call_tool_result{{text("boom")}, std::nullopt, true}),
              wire(R"({"content":[{"type":"text","text":"boom"}],"isError":true})"));
}

TEST(TypesWire, CallToolResultWithStructuredContent) {
    call_tool_result r{{text("{\"sum\":3}")}, json::object{{"sum", 3}}};
    EXPECT_EQ(to_json(r),
              wire(R"({"content":[{"type":"text","text":"{\"sum\":3}"}],"structuredContent":{"sum":3}})"));
}

TEST(TypesWire, CallToolResultWithMixedContent) {
    call_tool_result r{{text("a"), image("AA", "image/png")}};
    EXPECT_EQ(to_json(r), wire(R"({"content":[{"type":"text","text":"a"},
                                              {"type":"image","data":"AA","mimeType":"image/png"}]})"));
}

// --- resources ---------------------------------------------------------------------------------------------

TEST(TypesWire, ResourceMinimal) {
    EXPECT_EQ(to_json(resource{"test://r", "r"}), wire(R"({"uri":"test://r","name":"r"})"));
}

TEST(TypesWire, ResourceFull) {
    resource r{
        "test://r", "r", "R", "A resource", "text/plain", 12, full_annotations(), {icon{"https://x/r.png"}}};
    EXPECT_EQ(to_json(r), wire(R"({"uri":"test://r","name":"r","title":"R","description":"A resource",
                                   "mimeType":"text/plain","size":12,
                                   "annotations":{"audience":["user","assistant"],"priority":0.5,
                                                  "lastModified":"2025-01-12T15:00:58Z"},
                                   "icons":[{"src":"https://x/r.png"}]})"));
}

TEST(TypesWire, ResourceTemplateMinimal) {
    EXPECT_EQ(to_json(resource_template{"test://{id}", "item"}),
              wire(R"({"uriTemplate":"test://{id}","name":"item"})"));
}

TEST(TypesWire, ResourceTemplateFull) {
    resource_template t{"test://{id}",
                        "item",
                        "Item",
                        "One item",
                        "application/json",
                        annotations{{}, 0.1, {}},
                        {icon{"https://x/t.png"}}};
    EXPECT_EQ(to_json(t),
              wire(R"({"uriTemplate":"test://{id}","name":"item","title":"Item","description":"One item",
                                   "mimeType":"application/json","annotations":{"priority":0.1},
                                   "icons":[{"src":"https://x/t.png"}]})"));
}

TEST(TypesWire, ReadResourceResult) {
    read_resource_result r{
        {{"test://a", "text/plain", "A", std::nullopt}, {"test://b", std::nullopt, std::nullopt, "Qg=="}}};
    EXPECT_EQ(to_json(r), wire(R"({"contents":[{"uri":"test://a","mimeType":"text/plain","text":"A"},
                                               {"uri":"test://b","blob":"Qg=="}]})"));
}

TEST(TypesWire, ReadResourceResultEmptyStillHasContents) {
    EXPECT_EQ(to_json(read_resource_result{}), wire(R"({"contents":[]})"));
}

// --- prompts -----------------------------------------------------------------------------------------------

TEST(TypesWire, PromptWithoutArgumentsOmitsThem) {
    EXPECT_EQ(to_json(prompt{"greet"}), wire(R"({"name":"greet"})"));
}

TEST(TypesWire, PromptFull) {
    prompt p{
        "greet", "Greet", "Says hello", {{"name", "Name", "Who", true}, {"tone"}}, {icon{"https://x/p.png"}}};
    EXPECT_EQ(to_json(p), wire(R"({"name":"greet","title":"Greet","description":"Says hello",
                                   "arguments":[{"name":"name","title":"Name","description":"Who","required":true},
                                                {"name":"tone","required":false}],
                                   "icons":[{"src":"https://x/p.png"}]})"));
}

TEST(TypesWire, PromptArgumentWritesRequiredEvenWhenFalse) {
    EXPECT_EQ(to_json(prompt_argument{"tone"}), wire(R"({"name":"tone","required":false})"));
}

TEST(TypesWire, PromptMessageUserRole) {
    EXPECT_EQ(to_json(prompt_message{role::user, text("hi")}),
              wire(R"({"role":"user","content":{"type":"text","text":"hi"}})"));
}

TEST(TypesWire, PromptMessageAssistantRole) {
    EXPECT_EQ(to_json(prompt_message{role::assistant, text("hello")}),
              wire(R"({"role":"assistant","content":{"type":"text","text":"hello"}})"));
}

TEST(TypesWire, GetPromptResultWithDescription) {
    get_prompt_result r{"A greeting", {{role::user, text("hi")}}};
    EXPECT_EQ(to_json(r), wire(R"({"description":"A greeting",
                                   "messages":[{"role":"user","content":{"type":"text","text":"hi"}}]})"));
}

TEST(TypesWire, GetPromptResultEmptyStillHasMessages) {
    EXPECT_EQ(to_json(get_prompt_result{}), wire(R"({"messages":[]})"));
}

// --- logging -----------------------------------------------------------------------------------------------

TEST(TypesLogLevel, NamesFollowRfc5424Order) {
    EXPECT_EQ(to_string(log_level::debug), "debug");
    EXPECT_EQ(to_string(log_level::info), "info");
    EXPECT_EQ(to_string(log_level::notice), "notice");
    EXPECT_EQ(to_string(log_level::warning), "warning");
    EXPECT_EQ(to_string(log_level::error), "error");
    EXPECT_EQ(to_string(log_level::critical), "critical");
    EXPECT_EQ(to_string(log_level::alert), "alert");
    EXPECT_EQ(to_string(log_level::emergency), "emergency");
}

TEST(TypesLogLevel, EveryNameReadsBack) {
    for (int i = 0; i <= static_cast<int>(log_level::emergency); ++i) {
        auto l = static_cast<log_level>(i);
        EXPECT_EQ(log_level_from_string(to_string(l)), l);
    }
}

TEST(TypesLogLevel, UnknownOrWrongCaseNameIsRejected) {
    EXPECT_FALSE(log_level_from_string("warn"));
    EXPECT_FALSE(log_level_from_string("INFO"));
    EXPECT_FALSE(log_level_from_string(""));
}

// --- clientInfo --------------------------------------------------------------------------------------------

TEST(TypesImplementation, ReadsNameAndVersion) {
    auto i = implementation_from_json(wire(R"({"name":"client","version":"0.1"})"));
    ASSERT_TRUE(i);
    EXPECT_EQ(i->name, "client");
    EXPECT_EQ(i->version, "0.1");
    EXPECT_FALSE(i->title);
    EXPECT_TRUE(i->icons.empty());
}

TEST(TypesImplementation, ReadsOptionalFields) {
    auto i = implementation_from_json(wire(R"({"name":"c","version":"1","title":"C","description":"d",
        "websiteUrl":"https://c.example","icons":[{"src":"https://c/i.png","sizes":["16x16"],"theme":"light"}]})"));
    ASSERT_TRUE(i);
    EXPECT_EQ(i->title, "C");
    EXPECT_EQ(i->description, "d");
    EXPECT_EQ(i->website_url, "https://c.example");
    ASSERT_EQ(i->icons.size(), 1u);
    EXPECT_EQ(to_json(i->icons[0]), wire(R"({"src":"https://c/i.png","sizes":["16x16"],"theme":"light"})"));
}

TEST(TypesImplementation, RoundTripsThroughWireForm) {
    implementation in{"srv",        "2",         "S",
                      std::nullopt, "https://s", {icon{"https://s/i.png", "image/png", {}, {}}}};
    auto out = implementation_from_json(to_json(in));
    ASSERT_TRUE(out);
    EXPECT_EQ(to_json(*out), to_json(in));
}

TEST(TypesImplementation, SkipsIconsWithoutSrc) {
    auto i =
        implementation_from_json(wire(R"({"name":"c","version":"1","icons":[{"mimeType":"image/png"},7]})"));
    ASSERT_TRUE(i);
    EXPECT_TRUE(i->icons.empty());
}

TEST(TypesImplementation, RejectsMissingName) {
    EXPECT_FALSE(implementation_from_json(wire(R"({"version":"1"})")));
}

TEST(TypesImplementation, RejectsMissingVersion) {
    EXPECT_FALSE(implementation_from_json(wire(R"({"name":"c"})")));
}

TEST(TypesImplementation, RejectsNonStringFields) {
    EXPECT_FALSE(implementation_from_json(wire(R"({"name":1,"version":"1"})")));
    EXPECT_FALSE(implementation_from_json(wire(R"({"name":"c","version":1.0})")));
}

TEST(TypesImplementation, RejectsNonObject) {
    EXPECT_FALSE(implementation_from_json(wire(R"("client")")));
}

} // namespace
