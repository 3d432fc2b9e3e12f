#pragma once
#include <cstddef>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace mo {

// Storage for the nodes of one graph: objects are constructed in fixed-size chunks, in creation
// order, and destroyed together with the arena (Graph may build a new node in a removed one's
// place, see Graph::remove_nodes). Nodes that leave the graph are not freed one by one: a rewrite
// of a large graph removes hundreds of thousands of nodes, and freeing each (with its strings and
// vectors) costed as much as the rewriting. Neighbours in creation order also share cache lines,
// which is what the graph walks read.
template <class T, std::size_t kChunk = 512> class Arena {
public:
    Arena() = default;
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;
    ~Arena() {
        for (std::size_t i = 0; i < count_; ++i) slot(i)->~T();
    }

    // Raw storage for the next object; the caller constructs it there with placement new and
    // then calls constructed(). (Graph does so because Node's constructor is private to it.)
    void* next_slot() {
        // `new Chunk`, not make_unique: the storage is not zeroed (each slot is constructed
        // before it is read), which would touch every page of the chunk at once.
        if (count_ == chunks_.size() * kChunk) chunks_.push_back(std::unique_ptr<Chunk>(new Chunk));
        return slot(count_);
    }
    void constructed() { ++count_; }
    std::size_t size() const { return count_; }

private:
    struct Chunk {
        alignas(T) std::byte bytes[sizeof(T) * kChunk];
    };
    T* slot(std::size_t i) {
        return std::launder(reinterpret_cast<T*>(chunks_[i / kChunk]->bytes) + i % kChunk);
    }

    std::vector<std::unique_ptr<Chunk>> chunks_;
    std::size_t count_ = 0;
};

} // namespace mo
