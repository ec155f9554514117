// docs/resources.md: fixed resources, URI templates, subscriptions and completion of template variables.
#include "guides.hpp"

#include <map>
#include <mutex>

namespace guides {
namespace {

// [fixed]
std::string motd() {
    return "Backups run at 02:00 UTC.";
}

mcp::resource_contents logo() {
    // 1x1 PNG, base64. The URI and MIME type are filled in from the registration when left empty.
    return {
        .blob =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"};
}
// [end]

// [notes]
// Notes by folder and number. The server keeps a reference: it must outlive it.
class notebook {
public:
    explicit notebook(mcp::server& srv) : srv_(srv) {}

    std::optional<std::string> read(std::string const& folder, int id) const {
        std::lock_guard lock(mutex_);
        auto it = notes_.find({folder, id});
        if (it == notes_.end())
            return std::nullopt;
        return it->second;
    }

    void write(std::string const& folder, int id, std::string text) {
        {
            std::lock_guard lock(mutex_);
            notes_[{folder, id}] = std::move(text);
        }
        // Every session subscribed to this URI gets notifications/resources/updated.
        srv_.notify_resource_updated("notes://" + folder + "/" + std::to_string(id));
    }

private:
    mcp::server& srv_;
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, std::string> notes_;
};
// [end]

// [template]
struct note_ref {
    std::string folder;
    int id; // "notes://inbox/x" does not fit: the client gets -32602
};
BOOST_DESCRIBE_STRUCT(note_ref, (), (folder, id))

struct read_note {
    std::shared_ptr<notebook> notes;

    mcp::result<std::string> operator()(note_ref ref) const {
        auto text = notes->read(ref.folder, ref.id);
        if (!text)
            return mcp::error::resource_not_found("notes://" + ref.folder + "/" + std::to_string(ref.id));
        return *text;
    }
};
// [end]

// [write-tool]
struct note_text {
    std::string folder;
    int id;
    std::string text;
};
BOOST_DESCRIBE_STRUCT(note_text, (), (folder, id, text))

struct write_note {
    std::shared_ptr<notebook> notes;

    std::string operator()(note_text in) const {
        notes->write(in.folder, in.id, std::move(in.text));
        return "saved";
    }
};
// [end]

// [complete-folder]
std::vector<std::string> complete_folder(mcp::completion_request req) {
    std::vector<std::string> out;
    if (req.argument != "folder")
        return out;
    for (std::string folder : {"archive", "inbox", "ideas"})
        if (folder.starts_with(req.value))
            out.push_back(folder);
    return out;
}
// [end]

} // namespace

void add_resources(mcp::server& srv) {
    // [register]
    srv.add_resource({.uri = "info://motd",
                      .name = "motd",
                      .description = "Message of the day",
                      .mime_type = "text/plain"},
                     motd);
    srv.add_resource({.uri = "info://logo", .name = "logo", .mime_type = "image/png"}, logo);

    auto notes = std::make_shared<notebook>(srv);
    notes->write("inbox", 1, "Buy milk");
    srv.add_resource_template({.uri_template = "notes://{folder}/{id}",
                               .name = "note",
                               .description = "A note, by folder and number",
                               .mime_type = "text/plain"},
                              read_note{notes});
    srv.add_tool({.name = "write_note", .description = "Write a note"}, write_note{notes});
    srv.add_completion(mcp::resource_ref{"notes://{folder}/{id}"}, complete_folder);
    // [end]
}

} // namespace guides
