// The field walker behind protocol/read.hpp: reads one JSON object's fields by their JSON types and keeps the
// first failure with its path. Internal to the protocol layer's readers (read.cpp, read_content.cpp): other
// layers use read.hpp.
#pragma once

#include <mcp/protocol/error.hpp>
#include <mcp/protocol/types.hpp>

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::protocol::detail {

// "tools[2]" + "name" -> "tools[2].name"; "" + "name" -> "name"; "tools[2]" + "" -> "tools[2]".
std::string path_of(std::string_view at, std::string_view key);
// "tools" + 2 -> "tools[2]".
std::string path_of(std::string_view at, std::size_t index);
// invalid_params "<path>: <problem>", or the problem alone when the path is empty (the value read itself).
error invalid_at(std::string_view path, std::string_view problem);

// Reads the value found at `path` (an element of a list, an object inside an object).
template <class T>
using reader = result<T> (*)(boost::json::value const& v, std::string const& path);

// Reads the fields of the object found at `at`, in the order asked. The first failure is kept (a value that
// is not an object is one) and every later read does nothing, so a reader asks for all its fields, then
// returns done(value). A missing optional field leaves its output as it was. `v` and `at` must outlive this.
class fields {
public:
    fields(boost::json::value const& v, std::string_view at);

    void required(std::string_view key, std::string& out);
    void required(std::string_view key, boost::json::object& out);
    void optional(std::string_view key, std::optional<std::string>& out);
    void optional(std::string_view key, std::optional<boost::json::object>& out);
    void optional(std::string_view key, std::optional<bool>& out);
    void optional(std::string_view key, bool& out);
    void optional(std::string_view key, std::optional<double>& out); // any JSON number
    // A whole number that fits in int64, written as an integer or as a double (12.0).
    void optional_integer(std::string_view key, std::optional<std::int64_t>& out);

    template <class T>
    void required(std::string_view key, T& out, reader<T> read);
    template <class T>
    void optional(std::string_view key, std::optional<T>& out, reader<T> read);
    template <class T>
    void required_list(std::string_view key, std::vector<T>& out, reader<T> read);
    template <class T>
    void optional_list(std::string_view key, std::vector<T>& out, reader<T> read);

    // Keeps `problem` at `key` (at the object itself when `key` is empty) unless a failure is kept already.
    void fail(std::string_view key, std::string_view problem);
    std::optional<error> const& failure() const { return error_; }

    template <class T>
    result<T> done(T value) const {
        if (error_)
            return *error_;
        return value;
    }

private:
    // The field, or nullptr when it is absent (a failure when `required`) or a failure is kept already.
    boost::json::value const* find(std::string_view key, bool required);
    boost::json::array const* find_array(std::string_view key, bool required);
    template <class T>
    void list(std::string_view key, bool required, std::vector<T>& out, reader<T> read);

    boost::json::object const* object_ = nullptr;
    std::string_view at_;
    std::optional<error> error_;
};

template <class T>
void fields::required(std::string_view key, T& out, reader<T> read) {
    auto const* v = find(key, true);
    if (!v)
        return;
    auto r = read(*v, path_of(at_, key));
    if (r)
        out = std::move(*r);
    else
        error_ = r.error();
}

template <class T>
void fields::optional(std::string_view key, std::optional<T>& out, reader<T> read) {
    auto const* v = find(key, false);
    if (!v)
        return;
    auto r = read(*v, path_of(at_, key));
    if (r)
        out = std::move(*r);
    else
        error_ = r.error();
}

template <class T>
void fields::required_list(std::string_view key, std::vector<T>& out, reader<T> read) {
    list(key, true, out, read);
}

template <class T>
void fields::optional_list(std::string_view key, std::vector<T>& out, reader<T> read) {
    list(key, false, out, read);
}

template <class T>
void fields::list(std::string_view key, bool required, std::vector<T>& out, reader<T> read) {
    auto const* a = find_array(key, required);
    if (!a)
        return;
    std::string const at = path_of(at_, key);
    out.clear();
    out.reserve(a->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
        auto r = read((*a)[i], path_of(at, i));
        if (!r) {
            error_ = r.error();
            return;
        }
        out.push_back(std::move(*r));
    }
}

// Readers shared by read.cpp and read_content.cpp; `path` is where the value was found.
result<icon> read_icon_at(boost::json::value const& v, std::string const& path);
result<annotations> read_annotations_at(boost::json::value const& v, std::string const& path);
result<implementation> read_implementation_at(boost::json::value const& v, std::string const& path);
result<content> read_content_at(boost::json::value const& v, std::string const& path);
result<resource_contents> read_resource_contents_at(boost::json::value const& v, std::string const& path);
result<std::string> read_string_at(boost::json::value const& v, std::string const& path);
// "user" | "assistant"
result<role> read_role_at(boost::json::value const& v, std::string const& path);

} // namespace mcp::protocol::detail
