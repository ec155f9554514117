#include <mcp/core/field_list.hpp>

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace mcp::core {

std::uint32_t field_list::append(std::string_view name, std::string_view value) {
    constexpr auto limit = std::numeric_limits<std::uint32_t>::max();
    if (text_.size() + name.size() + value.size() > limit)
        throw std::length_error("field_list: more than 4 GiB of field text");
    auto at = static_cast<std::uint32_t>(text_.size());
    auto inside = [this](std::string_view v) {
        return !v.empty() && v.data() >= text_.data() && v.data() < text_.data() + text_.size();
    };
    if (inside(name) || inside(value)) { // a view into this list: the first append may move what it shows
        std::string copy;
        copy.append(name).append(value);
        text_.insert(text_.end(), copy.begin(), copy.end());
    } else {
        auto needed = text_.size() + name.size() + value.size();
        if (needed > text_.capacity()) // one growth for both, and geometric
            text_.reserve(std::max(needed, 2 * text_.capacity()));
        text_.insert(text_.end(), name.begin(), name.end());
        text_.insert(text_.end(), value.begin(), value.end());
    }
    return at;
}

void field_list::insert(std::size_t at, std::string_view name, std::string_view value) {
    slot s{append(name, value), static_cast<std::uint32_t>(name.size()), static_cast<std::uint32_t>(value.size())};
    slots_.insert(slots_.begin() + static_cast<std::ptrdiff_t>(at), s);
}

void field_list::set_value(std::size_t i, std::string_view value) {
    auto name = view(slots_[i]).first; // append() copies views into the list safely
    auto at = append(name, value);
    slots_[i] = {at, static_cast<std::uint32_t>(name.size()), static_cast<std::uint32_t>(value.size())};
}

void field_list::erase(std::size_t i) {
    slots_.erase(slots_.begin() + static_cast<std::ptrdiff_t>(i));
}

void field_list::lowercase_name(std::size_t i) {
    auto const& s = slots_[i];
    for (auto k = s.at; k < s.at + s.name_size; ++k)
        if (text_[k] >= 'A' && text_[k] <= 'Z')
            text_[k] = static_cast<char>(text_[k] - 'A' + 'a');
}

void field_list::sort_keeping_last() {
    auto before = [this](slot const& a, slot const& b) { return view(a).first < view(b).first; };
    if (slots_.size() <= 32) { // a request's handful: an insertion sort (stable) needs no buffer
        for (std::size_t i = 1; i < slots_.size(); ++i)
            for (auto k = i; k > 0 && before(slots_[k], slots_[k - 1]); --k)
                std::swap(slots_[k], slots_[k - 1]);
    } else {
        std::stable_sort(slots_.begin(), slots_.end(), before);
    }
    std::size_t kept = 0;
    for (std::size_t i = 0; i < slots_.size(); ++i) {
        if (i + 1 < slots_.size() && view(slots_[i + 1]).first == view(slots_[i]).first)
            continue; // a later field of this name replaces it
        slots_[kept++] = slots_[i];
    }
    slots_.resize(kept);
}

void field_list::reserve(std::size_t fields, std::size_t text_bytes) {
    slots_.reserve(fields);
    text_.reserve(text_bytes);
}

bool operator==(field_list const& a, field_list const& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

std::vector<std::pair<std::string, std::string>> to_vector(field_list const& fields) {
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(fields.size());
    for (auto [name, value] : fields)
        out.emplace_back(name, value);
    return out;
}

} // namespace mcp::core
