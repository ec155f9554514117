// core::field_list: name/value text fields (HTTP headers, request metadata) kept in one text buffer. A request
// carries a handful of fields, and a std::string per name and per value is one heap allocation each past 15
// bytes ("application/json", a session id, "mcp-protocol-version"); here all of them share one, plus the index.
//
//   core::field_list f;
//   f.push_back("content-type", "application/json");
//   for (auto [name, value] : f) ...            // std::string_view pairs, in the list's order
//
// A view that fields yield is valid until the next change to the list (the buffer may move); copy it to keep
// it. Replaced and erased fields leave their text in the buffer until the list is dropped: a list is meant to
// live as long as one request.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcp::core {

class field_list {
public:
    using field = std::pair<std::string_view, std::string_view>;

    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = field;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = field;

        iterator() = default;
        iterator(field_list const* list, std::size_t i) : list_(list), i_(i) {}
        field operator*() const { return (*list_)[i_]; }
        iterator& operator++() { ++i_; return *this; }
        iterator operator++(int) { auto old = *this; ++i_; return old; }
        friend bool operator==(iterator a, iterator b) { return a.i_ == b.i_; }

    private:
        field_list const* list_ = nullptr;
        std::size_t i_ = 0;
    };

    std::size_t size() const { return slots_.size(); }
    bool empty() const { return slots_.empty(); }
    field operator[](std::size_t i) const { return view(slots_[i]); }
    iterator begin() const { return {this, 0}; }
    iterator end() const { return {this, slots_.size()}; }

    void push_back(std::string_view name, std::string_view value) { insert(size(), name, value); }
    // Inserts before field `at` (size() appends).
    void insert(std::size_t at, std::string_view name, std::string_view value);
    void set_value(std::size_t i, std::string_view value);
    void erase(std::size_t i);
    template <class Pred>
    void erase_if(Pred keep_not) {
        std::erase_if(slots_, [&](slot const& s) { return keep_not(view(s)); });
    }
    // ASCII lowercase of field i's name, in place.
    void lowercase_name(std::size_t i);
    // Sorted by name (stable), then of each run of one name only the last kept: as if each field, in order,
    // replaced the earlier one of its name.
    void sort_keeping_last();
    void reserve(std::size_t fields, std::size_t text_bytes);

    friend bool operator==(field_list const& a, field_list const& b);

private:
    struct slot {
        std::uint32_t at;         // where the name starts in text_; the value follows it
        std::uint32_t name_size;
        std::uint32_t value_size;
    };
    field view(slot const& s) const { // inline: every header lookup reads each field through it
        std::string_view text(text_.data(), text_.size());
        return {text.substr(s.at, s.name_size), text.substr(s.at + s.name_size, s.value_size)};
    }
    std::uint32_t append(std::string_view name, std::string_view value);

    std::vector<char> text_; // the fields' text is never under 16 bytes: no use for a string's small buffer
    std::vector<slot> slots_;
};

// The fields as owned strings (for tests, and to keep them past the list).
std::vector<std::pair<std::string, std::string>> to_vector(field_list const& fields);

} // namespace mcp::core
