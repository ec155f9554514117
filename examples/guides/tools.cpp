// docs/tools.md: typed tools, schemas, results, errors, annotations, structured output.
#include "guides.hpp"

#include <boost/json/parse.hpp>

#include <cmath>
#include <optional>
#include <vector>

namespace guides {
namespace {

// [typed-tool]
enum class unit { celsius, fahrenheit };
BOOST_DESCRIBE_ENUM(unit, celsius, fahrenheit)

struct convert_args {
    double value;
    unit to;                   // the schema lists "celsius" and "fahrenheit"
    std::optional<int> digits; // optional: not in "required", may be left out
};
BOOST_DESCRIBE_STRUCT(convert_args, (), (value, to, digits))
inline mcp::json::field_docs field_docs(convert_args const&) {
    return {{"value", "The temperature to convert"},
            {"to", "The unit to convert to"},
            {"digits", "Decimal places to keep (default: all)"}};
}

double convert(convert_args in) {
    double out = in.to == unit::celsius ? (in.value - 32) * 5 / 9 : in.value * 9 / 5 + 32;
    if (in.digits) {
        double scale = std::pow(10.0, *in.digits);
        out = std::round(out * scale) / scale;
    }
    return out;
}
// [end]

// [structured]
struct stats_args {
    std::vector<double> values;
};
BOOST_DESCRIBE_STRUCT(stats_args, (), (values))

struct stats {
    std::size_t count;
    double mean;
    std::optional<double> max; // left out of structuredContent when empty
};
BOOST_DESCRIBE_STRUCT(stats, (), (count, mean, max))

stats summarize(stats_args in) {
    stats out{in.values.size(), 0, std::nullopt};
    for (double v : in.values) {
        out.mean += v / static_cast<double>(in.values.size());
        if (!out.max || v > *out.max)
            out.max = v;
    }
    return out;
}
// [end]

// [tool-error]
struct divide_args {
    double a;
    double b;
};
BOOST_DESCRIBE_STRUCT(divide_args, (), (a, b))

mcp::result<double> divide(divide_args in) {
    if (in.b == 0)
        return mcp::error::invalid_params("cannot divide by zero"); // isError: true
    return in.a / in.b;
}
// [end]

// [content]
std::vector<mcp::content> pixel() {
    std::string png =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";
    return {mcp::protocol::text("One red pixel:"), mcp::protocol::image(png, "image/png"),
            mcp::protocol::resource_link{.uri = "notes://inbox/1", .name = "note 1"}};
}

mcp::call_tool_result check_disk() {
    return {.content = {mcp::protocol::text("disk 97% full")}, .is_error = true};
}
// [end]

// [annotated]
struct note_id {
    int id;
};
BOOST_DESCRIBE_STRUCT(note_id, (), (id))

std::string delete_note(note_id in) {
    return "deleted note " + std::to_string(in.id);
}
// [end]

// [raw-tool]
constexpr char const* echo_schema = R"({
  "type": "object",
  "properties": {"text": {"type": "string", "maxLength": 100}},
  "required": ["text"],
  "additionalProperties": false
})";

std::string echo(boost::json::object args) {
    return std::string(args.at("text").as_string()); // validated against echo_schema before the call
}
// [end]

} // namespace

void add_tools(mcp::server& srv) {
    // [register]
    srv.add_tool({.name = "convert", .description = "Convert a temperature"}, convert);
    srv.add_tool({.name = "summarize", .description = "Count, mean and maximum of numbers"}, summarize);
    srv.add_tool({.name = "divide", .description = "Divide a by b"}, divide);
    srv.add_tool({.name = "pixel", .description = "An image and a link"}, pixel);
    srv.add_tool({.name = "check_disk", .description = "Fails on purpose"}, check_disk);
    srv.add_tool({.name = "echo",
                  .description = "Repeat a text",
                  .input_schema = boost::json::parse(echo_schema).as_object()},
                 echo);
    // [end]
    // [annotations]
    srv.add_tool({.name = "delete_note",
                  .title = "Delete a note",
                  .description = "Delete a note for good",
                  .annotations = mcp::tool_annotations{.destructive_hint = true,
                                                       .idempotent_hint = true,
                                                       .open_world_hint = false}},
                 delete_note);
    // [end]
}

} // namespace guides
