// Writing `mcp`'s results and messages as text (output.hpp).
#include "output.hpp"

#include <charconv>
#include <system_error>

namespace mcp::cli {

namespace {

// The shortest text that reads back as the same double (std::to_chars without a format: 5, 2.5, 1e+100).
std::string number_text(double d) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    if (ec != std::errc())
        return boost::json::serialize(boost::json::value(d));
    return std::string(buf, end);
}

class writer {
public:
    explicit writer(bool pretty) : pretty_(pretty) {}

    void write(boost::json::value const& v, int depth) {
        switch (v.kind()) {
        case boost::json::kind::object:
            return write_object(v.get_object(), depth);
        case boost::json::kind::array:
            return write_array(v.get_array(), depth);
        case boost::json::kind::double_:
            out_ += number_text(v.get_double());
            return;
        default: // strings, integers, booleans, null: Boost.JSON's own text
            out_ += boost::json::serialize(v);
        }
    }

    std::string take() { return std::move(out_); }

private:
    void write_object(boost::json::object const& o, int depth) {
        if (o.empty()) {
            out_ += "{}";
            return;
        }
        out_ += '{';
        bool first = true;
        for (auto const& [key, value] : o) {
            next_item(first, depth + 1);
            out_ += boost::json::serialize(key);
            out_ += pretty_ ? ": " : ":";
            write(value, depth + 1);
        }
        new_line(depth);
        out_ += '}';
    }

    void write_array(boost::json::array const& a, int depth) {
        if (a.empty()) {
            out_ += "[]";
            return;
        }
        out_ += '[';
        bool first = true;
        for (auto const& value : a) {
            next_item(first, depth + 1);
            write(value, depth + 1);
        }
        new_line(depth);
        out_ += ']';
    }

    void next_item(bool& first, int depth) {
        if (!first)
            out_ += ',';
        first = false;
        new_line(depth);
    }

    void new_line(int depth) {
        if (!pretty_)
            return;
        out_ += '\n';
        out_.append(static_cast<std::size_t>(depth) * 2, ' ');
    }

    bool pretty_;
    std::string out_;
};

} // namespace

std::string format_json(boost::json::value const& v, bool pretty) {
    writer w(pretty);
    w.write(v, 0);
    return w.take();
}

boost::json::object initialize_json(protocol::initialize_result const& r) {
    boost::json::object out{{"protocolVersion", r.protocol_version},
                            {"capabilities", r.capabilities},
                            {"serverInfo", protocol::to_json(r.server_info)}};
    if (r.instructions)
        out["instructions"] = *r.instructions;
    return out;
}

boost::json::object completion_json(protocol::complete_result const& r) {
    boost::json::array values;
    for (auto const& v : r.values)
        values.emplace_back(v);
    boost::json::object completion{{"values", std::move(values)}};
    if (r.total)
        completion["total"] = *r.total;
    completion["hasMore"] = r.has_more;
    return {{"completion", std::move(completion)}};
}

std::string progress_line(progress_update const& p) {
    auto line = "progress " + number_text(p.progress);
    if (p.total)
        line += "/" + number_text(*p.total);
    if (p.message && !p.message->empty())
        line += " " + *p.message;
    return line;
}

std::string log_line(log_level level, boost::json::value const& data,
                     std::optional<std::string> const& logger) {
    auto line = "log " + std::string(protocol::to_string(level));
    if (logger)
        line += " (" + *logger + ")";
    line += ": ";
    line += data.is_string() ? std::string(data.get_string()) : format_json(data, false);
    return line;
}

std::string error_line(error const& e) {
    auto line = "error " + std::to_string(e.code()) + ": " + e.message();
    if (e.data())
        line += " (data: " + format_json(*e.data(), false) + ")";
    return line;
}

} // namespace mcp::cli
