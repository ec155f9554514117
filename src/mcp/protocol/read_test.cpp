#include <mcp/protocol/read.hpp>

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

icon full_icon() {
    return {"data:image/png;base64,AA", "image/png", {"48x48", "any"}, "dark"};
}

// read(to_json(x)) == x
template <class T>
void expect_round_trip(T const& x, mcp::result<T> (*read)(json::value const&)) {
    auto r = read(to_json(x));
    ASSERT_TRUE(r) << r.error().message() << " in " << json::serialize(to_json(x));
    EXPECT_EQ(*r, x) << json::serialize(to_json(x));
}

// The message of a reader's failure, which must be invalid_params.
template <class T>
std::string failure(mcp::result<T> const& r) {
    if (r)
        return "(no failure)";
    EXPECT_EQ(r.error().code(), code::invalid_params);
    return r.error().message();
}

// --- round trips -------------------------------------------------------------------------------------------

TEST(ReadRoundTrip, Implementation) {
    expect_round_trip(implementation{"srv", "1.0.0"}, read_implementation);
    expect_round_trip(
        implementation{"srv", "1.0.0", "Server", "Does things", "https://s", {full_icon(), {"x"}}},
        read_implementation);
}

TEST(ReadRoundTrip, EveryContentType) {
    std::vector<content> all{
        text("hi"),
        text_content{"hi", full_annotations()},
        image("AAAA", "image/png"),
        image_content{"AAAA", "image/png", annotations{{role::assistant}, 1.0, {}}},
        audio("BBBB", "audio/wav"),
        audio_content{"BBBB", "audio/wav", annotations{}},
        resource_link{"file:///a.txt", "a.txt"},
        resource_link{"file:///a.txt", "a.txt", "A", "The file", "text/plain", annotations{{}, 0.0, {}}},
        embedded_resource{resource_contents{"test://r", "text/plain", "body", {}}},
        embedded_resource{resource_contents{"test://b", {}, {}, "AQID"}, annotations{{role::user}, {}, {}}},
    };
    for (auto const& c : all)
        expect_round_trip(c, read_content);
}

TEST(ReadRoundTrip, ResourceContents) {
    expect_round_trip(resource_contents{"test://r", {}, "", {}}, read_resource_contents);
    expect_round_trip(resource_contents{"test://b", "application/octet-stream", {}, "Qg=="},
                      read_resource_contents);
}

TEST(ReadRoundTrip, Tool) {
    tool minimal{"add"};
    minimal.input_schema = {{"type", "object"}, {"properties", json::object{}}};
    expect_round_trip(minimal, read_tool);
    for (auto support : {task_support::forbidden, task_support::optional, task_support::required}) {
        tool full{"add",
                  "Add",
                  "Adds numbers",
                  {{"type", "object"}, {"required", json::array{"a"}}},
                  json::object{{"type", "object"}},
                  tool_annotations{"Adder", true, false, true, false},
                  {full_icon()},
                  tool_execution{support}};
        expect_round_trip(full, read_tool);
    }
}

TEST(ReadRoundTrip, ToolWithEmptyInputSchemaReadsBackTheObjectSchemaWritten) {
    auto r = read_tool(to_json(tool{"ping"}));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->input_schema, (json::object{{"type", "object"}}));
}

TEST(ReadRoundTrip, CallToolResult) {
    expect_round_trip(call_tool_result{}, read_call_tool_result);
    expect_round_trip(call_tool_result{{text("boom")}, {}, true}, read_call_tool_result);
    call_tool_result mixed{{text("a"), image("AA", "image/png"), audio("BB", "audio/wav"),
                            resource_link{"test://l", "l"}, embedded_resource{{"test://r", {}, "r", {}}}},
                           json::object{{"sum", 3}, {"parts", json::array{1.5, "x"}}}};
    expect_round_trip(mixed, read_call_tool_result);
}

TEST(ReadRoundTrip, ResourceAndTemplate) {
    expect_round_trip(resource{"test://r", "r"}, read_resource);
    expect_round_trip(
        resource{"test://r", "r", "R", "A resource", "text/plain", 12, full_annotations(), {full_icon()}},
        read_resource);
    expect_round_trip(resource_template{"test://{id}", "item"}, read_resource_template);
    expect_round_trip(resource_template{"test://{id}",
                                        "item",
                                        "Item",
                                        "One item",
                                        "application/json",
                                        annotations{{}, 0.1, {}},
                                        {full_icon()}},
                      read_resource_template);
}

TEST(ReadRoundTrip, ReadResourceResult) {
    expect_round_trip(read_resource_result{}, read_read_resource_result);
    expect_round_trip(
        read_resource_result{{{"test://a", "text/plain", "A", {}}, {"test://b", {}, {}, "Qg=="}}},
        read_read_resource_result);
}

TEST(ReadRoundTrip, Prompt) {
    expect_round_trip(prompt{"greet"}, read_prompt);
    expect_round_trip(
        prompt{"greet", "Greet", "Says hello", {{"name", "Name", "Who", true}, {"tone"}}, {full_icon()}},
        read_prompt);
}

TEST(ReadRoundTrip, GetPromptResult) {
    expect_round_trip(get_prompt_result{}, read_get_prompt_result);
    get_prompt_result r{"A greeting",
                        {{role::user, text("hi")},
                         {role::assistant, image("AA", "image/png")},
                         {role::user, embedded_resource{{"test://r", {}, {}, "AQID"}}}}};
    expect_round_trip(r, read_get_prompt_result);
}

TEST(ReadRoundTrip, Root) {
    expect_round_trip(root{"file:///home/me/project"}, read_root);
    expect_round_trip(root{"file:///home/me/project", "Project"}, read_root);
}

TEST(ReadRoot, WireForm) {
    EXPECT_EQ(to_json(root{"file:///p", "P"}), wire(R"({"uri":"file:///p","name":"P"})"));
    EXPECT_EQ(to_json(root{"file:///p"}), wire(R"({"uri":"file:///p"})"));
}

// --- results only a client reads ---------------------------------------------------------------------------

// This server's own answer (tests/conversation/golden/tools_list.jsonl, page size 3).
TEST(ReadLists, ToolsListPageFromThisServer) {
    auto r = read_list_tools_result(
        wire(R"({"tools":[{"name":"add","title":"Adder","description":"Add two numbers",
        "inputSchema":{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},
                       "required":["a","b"]},
        "outputSchema":{"type":"object","properties":{"sum":{"type":"number"}},"required":["sum"]},
        "annotations":{"readOnlyHint":true}},
        {"name":"ask_name","description":"Elicits a name","inputSchema":{"type":"object","properties":{}}},
        {"name":"ask_with_timeout","description":"Elicits with a short timeout",
         "inputSchema":{"type":"object","properties":{}}}],
        "nextCursor":"azE6YXNrX3dpdGhfdGltZW91dA"})"));
    ASSERT_TRUE(r) << r.error().message();
    ASSERT_EQ(r->tools.size(), 3u);
    EXPECT_EQ(r->next_cursor, "azE6YXNrX3dpdGhfdGltZW91dA");
    EXPECT_EQ(r->tools[0].name, "add");
    EXPECT_EQ(r->tools[0].title, "Adder");
    EXPECT_EQ(r->tools[0].input_schema.at("required"), (json::array{"a", "b"}));
    ASSERT_TRUE(r->tools[0].output_schema);
    ASSERT_TRUE(r->tools[0].annotations);
    EXPECT_EQ(r->tools[0].annotations->read_only_hint, true);
    EXPECT_FALSE(r->tools[0].annotations->destructive_hint);
    EXPECT_EQ(r->tools[2].description, "Elicits with a short timeout");
}

TEST(ReadLists, LastPageHasNoCursor) {
    auto r = read_list_tools_result(wire(R"({"tools":[]})"));
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->tools.empty());
    EXPECT_FALSE(r->next_cursor);
}

TEST(ReadLists, UnknownFieldsAndMetaAreIgnored) {
    auto r =
        read_list_tools_result(wire(R"({"_meta":{"x":1},"nextPage":7,"tools":[{"name":"t","_meta":{"a":[]},
        "inputSchema":{"type":"object"},"execution":{"taskSupport":"optional","future":true},
        "color":"red"}]})"));
    ASSERT_TRUE(r) << r.error().message();
    ASSERT_EQ(r->tools.size(), 1u);
    EXPECT_EQ(r->tools[0].execution, tool_execution{task_support::optional});
}

TEST(ReadLists, ExecutionWithoutTaskSupportIsForbidden) {
    auto r = read_tool(wire(R"({"name":"t","inputSchema":{"type":"object"},"execution":{}})"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->execution, tool_execution{task_support::forbidden});
}

TEST(ReadLists, ResourcesTemplatesAndPrompts) {
    auto resources = read_list_resources_result(
        wire(R"({"resources":[{"uri":"test://r","name":"r","size":12.0}],"nextCursor":"c2"})"));
    ASSERT_TRUE(resources) << resources.error().message();
    EXPECT_EQ(resources->resources, (std::vector<resource>{{"test://r", "r", {}, {}, {}, 12}}));
    EXPECT_EQ(resources->next_cursor, "c2");
    auto templates = read_list_resource_templates_result(
        wire(R"({"resourceTemplates":[{"uriTemplate":"t://{x}","name":"x"}]})"));
    ASSERT_TRUE(templates);
    EXPECT_EQ(templates->resource_templates, (std::vector<resource_template>{{"t://{x}", "x"}}));
    auto prompts = read_list_prompts_result(wire(R"({"prompts":[{"name":"p","arguments":[{"name":"a"}]}]})"));
    ASSERT_TRUE(prompts);
    EXPECT_EQ(prompts->prompts, (std::vector<prompt>{{"p", {}, {}, {{"a"}}}}));
}

TEST(ReadComplete, ValuesTotalAndHasMore) {
    auto r =
        read_complete_result(wire(R"({"completion":{"values":["py","pyc"],"total":10,"hasMore":true}})"));
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, (complete_result{{"py", "pyc"}, 10, true}));
    auto bare = read_complete_result(wire(R"({"completion":{"values":[]}})"));
    ASSERT_TRUE(bare);
    EXPECT_EQ(*bare, complete_result{});
}

TEST(ReadInitialize, KeepsCapabilitiesAsSent) {
    auto r = read_initialize_result(wire(R"({"protocolVersion":"2025-11-25",
        "capabilities":{"tools":{"listChanged":true},"experimental":{"x":{}}},
        "serverInfo":{"name":"srv","version":"1","icons":[{"src":"https://s/i.png","theme":"light"}]},
        "instructions":"Be brief"})"));
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->protocol_version, "2025-11-25");
    EXPECT_EQ(r->capabilities, wire(R"({"tools":{"listChanged":true},"experimental":{"x":{}}})").as_object());
    EXPECT_EQ(r->server_info,
              (implementation{"srv", "1", {}, {}, {}, {icon{"https://s/i.png", {}, {}, "light"}}}));
    EXPECT_EQ(r->instructions, "Be brief");
}

// --- errors ------------------------------------------------------------------------------------------------

TEST(ReadErrors, ValueThatIsNotAnObjectHasNoPath) {
    EXPECT_EQ(failure(read_tool(wire("3"))), "expected an object");
    EXPECT_EQ(failure(read_list_tools_result(wire("[]"))), "expected an object");
}

TEST(ReadErrors, NamesTheListIndex) {
    auto r =
        read_list_tools_result(wire(R"({"tools":[{"name":"a","inputSchema":{}},{"name":"b","inputSchema":{}},
                                                      {"name":"c","inputSchema":"none"}]})"));
    EXPECT_EQ(failure(r), "tools[2].inputSchema: expected an object");
}

TEST(ReadErrors, MissingRequiredFields) {
    EXPECT_EQ(failure(read_list_tools_result(wire(R"({"tools":[{"inputSchema":{}}]})"))),
              "tools[0].name: missing required field");
    EXPECT_EQ(failure(read_tool(wire(R"({"name":"t"})"))), "inputSchema: missing required field");
    EXPECT_EQ(failure(read_list_prompts_result(wire("{}"))), "prompts: missing required field");
    EXPECT_EQ(failure(read_call_tool_result(wire("{}"))), "content: missing required field");
    EXPECT_EQ(failure(read_complete_result(wire("{}"))), "completion: missing required field");
    EXPECT_EQ(failure(read_complete_result(wire(R"({"completion":{}})"))),
              "completion.values: missing required field");
    EXPECT_EQ(failure(read_resource_template(wire(R"({"name":"x"})"))),
              "uriTemplate: missing required field");
}

TEST(ReadErrors, UnknownContentType) {
    EXPECT_EQ(failure(read_call_tool_result(wire(R"({"content":[{"type":"video","url":"x"}]})"))),
              "content[0].type: unknown content type \"video\"");
    EXPECT_EQ(failure(read_content(wire(R"({"text":"hi"})"))), "type: missing required field");
    EXPECT_EQ(failure(read_content(wire(R"({"type":7})"))), "type: expected a string");
}

TEST(ReadErrors, ContentFieldsByType) {
    EXPECT_EQ(failure(read_content(wire(R"({"type":"image","data":"AA"})"))),
              "mimeType: missing required field");
    EXPECT_EQ(failure(read_content(wire(R"({"type":"audio","data":1,"mimeType":"audio/wav"})"))),
              "data: expected a string");
    EXPECT_EQ(failure(read_content(wire(R"({"type":"resource_link","uri":"u"})"))),
              "name: missing required field");
    EXPECT_EQ(failure(read_call_tool_result(wire(
                  R"({"content":[{"type":"text","text":""},{"type":"resource","resource":{"text":"x"}}]})"))),
              "content[1].resource.uri: missing required field");
}

TEST(ReadErrors, ResourceContentsNeedTextOrBlob) {
    EXPECT_EQ(failure(read_read_resource_result(
                  wire(R"({"contents":[{"uri":"test://r","mimeType":"text/plain"}]})"))),
              "contents[0]: expected a \"text\" or a \"blob\" field");
    EXPECT_EQ(failure(read_resource_contents(wire(R"({"uri":"u","blob":false})"))),
              "blob: expected a string");
}

TEST(ReadErrors, OptionalFieldsOfTheWrongType) {
    EXPECT_EQ(failure(read_tool(wire(R"({"name":"t","inputSchema":{},"title":5})"))),
              "title: expected a string");
    EXPECT_EQ(failure(read_list_tools_result(wire(R"({"tools":[],"nextCursor":null})"))),
              "nextCursor: expected a string");
    EXPECT_EQ(failure(read_tool(wire(R"({"name":"t","inputSchema":{},"outputSchema":[]})"))),
              "outputSchema: expected an object");
    EXPECT_EQ(
        failure(read_tool(wire(R"({"name":"t","inputSchema":{},"annotations":{"readOnlyHint":"yes"}})"))),
        "annotations.readOnlyHint: expected a boolean");
    EXPECT_EQ(failure(read_call_tool_result(wire(R"({"content":[],"isError":1})"))),
              "isError: expected a boolean");
    EXPECT_EQ(failure(read_call_tool_result(wire(R"({"content":[],"structuredContent":[1]})"))),
              "structuredContent: expected an object");
    EXPECT_EQ(failure(read_prompt(wire(R"({"name":"p","arguments":[{"name":"a","required":"no"}]})"))),
              "arguments[0].required: expected a boolean");
    EXPECT_EQ(failure(read_initialize_result(wire(R"({"protocolVersion":"1","capabilities":{},
                                      "serverInfo":{"name":"s","version":"1"},"instructions":{}})"))),
              "instructions: expected a string");
}

TEST(ReadErrors, ListsAndIcons) {
    EXPECT_EQ(failure(read_prompt(wire(R"({"name":"p","icons":{}})"))), "icons: expected an array");
    EXPECT_EQ(failure(read_prompt(wire(R"({"name":"p","icons":[{"src":"s","sizes":["1x1",2]}]})"))),
              "icons[0].sizes[1]: expected a string");
    EXPECT_EQ(failure(read_resource(wire(R"({"uri":"u","name":"n","icons":[{"mimeType":"image/png"}]})"))),
              "icons[0].src: missing required field");
    EXPECT_EQ(failure(read_complete_result(wire(R"({"completion":{"values":["a",null]}})"))),
              "completion.values[1]: expected a string");
}

TEST(ReadErrors, EnumStringsOutsideTheSpec) {
    EXPECT_EQ(failure(read_get_prompt_result(
                  wire(R"({"messages":[{"role":"system","content":{"type":"text","text":""}}]})"))),
              "messages[0].role: expected \"user\" or \"assistant\", got \"system\"");
    EXPECT_EQ(
        failure(read_content(wire(R"({"type":"text","text":"","annotations":{"audience":["user","bot"]}})"))),
        "annotations.audience[1]: expected \"user\" or \"assistant\", got \"bot\"");
    EXPECT_EQ(failure(read_implementation(
                  wire(R"({"name":"s","version":"1","icons":[{"src":"s","theme":"dim"}]})"))),
              "icons[0].theme: expected \"light\" or \"dark\", got \"dim\"");
    EXPECT_EQ(
        failure(read_tool(wire(R"({"name":"t","inputSchema":{},"execution":{"taskSupport":"always"}})"))),
        "execution.taskSupport: expected \"forbidden\", \"optional\" or \"required\", got \"always\"");
}

TEST(ReadNumbers, PriorityIsAnyNumberFromZeroToOne) {
    auto one = read_content(wire(R"({"type":"text","text":"","annotations":{"priority":1}})"));
    ASSERT_TRUE(one);
    EXPECT_EQ(std::get<text_content>(*one).annotations->priority, 1.0);
    EXPECT_EQ(failure(read_content(wire(R"({"type":"text","text":"","annotations":{"priority":1.5}})"))),
              "annotations.priority: expected a number from 0 to 1");
    EXPECT_EQ(failure(read_content(wire(R"({"type":"text","text":"","annotations":{"priority":"high"}})"))),
              "annotations.priority: expected a number");
}

TEST(ReadNumbers, SizeIsAWholeNumberInInt64) {
    auto as_double = read_resource(wire(R"({"uri":"u","name":"n","size":1e3})"));
    ASSERT_TRUE(as_double);
    EXPECT_EQ(as_double->size, 1000);
    EXPECT_EQ(failure(read_resource(wire(R"({"uri":"u","name":"n","size":1.5})"))),
              "size: expected an integer");
    EXPECT_EQ(failure(read_resource(wire(R"({"uri":"u","name":"n","size":"12"})"))),
              "size: expected an integer");
    EXPECT_EQ(failure(read_resource(wire(R"({"uri":"u","name":"n","size":18446744073709551615})"))),
              "size: integer out of range (int64)");
    EXPECT_EQ(failure(read_resource(wire(R"({"uri":"u","name":"n","size":1e19})"))),
              "size: integer out of range (int64)");
    EXPECT_EQ(failure(read_complete_result(wire(R"({"completion":{"values":[],"total":0.5}})"))),
              "completion.total: expected an integer");
}

TEST(ReadErrors, InitializeNamesTheBrokenMember) {
    EXPECT_EQ(failure(read_initialize_result(
                  wire(R"({"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"s"}})"))),
              "serverInfo.version: missing required field");
    EXPECT_EQ(failure(read_initialize_result(wire(
                  R"({"protocolVersion":"2025-11-25","capabilities":true,
                "serverInfo":{"name":"s","version":"1"}})"))),
              "capabilities: expected an object");
    EXPECT_EQ(failure(read_initialize_result(wire(R"({"protocolVersion":20251125})"))),
              "protocolVersion: expected a string");
}

} // namespace
