// The SDL2 window: the only file in lstar that uses SDL. It scales the 720x400 (or 640x400)
// text screen to whatever size the window has, and reports keys by SDL_Scancode, which is the
// USB HID usage keymap.cpp expects.
//
// lstar does not link SDL2: the library and the 50-odd libraries it needs (X11, Wayland, audio,
// D-Bus...) would be mapped at every start, which costs more than a short `lstar run` itself.
// It is loaded with dlopen when a window is really opened, and the functions below are looked
// up by name. The SDL headers still give their types.
#include <SDL.h>
#include <dlfcn.h>

#include <stdexcept>
#include <string>
#include <type_traits>

#include "display/window.hpp"

namespace lstar::display {

namespace {

constexpr const char* kSdlLibrary = "libSDL2-2.0.so.0";  // SDL2's soname on every Linux distribution

// Every SDL function this file calls: one list, from which the table and its loader are made.
#define LSTAR_SDL_FUNCTIONS(X)                                                                   \
    X(SDL_Init) X(SDL_Quit) X(SDL_GetError) X(SDL_CreateWindow) X(SDL_DestroyWindow)             \
    X(SDL_GetWindowID) X(SDL_SetWindowTitle) X(SDL_CreateRenderer) X(SDL_DestroyRenderer)        \
    X(SDL_RenderSetLogicalSize) X(SDL_RenderClear) X(SDL_RenderCopy) X(SDL_RenderPresent)        \
    X(SDL_CreateTexture) X(SDL_DestroyTexture) X(SDL_UpdateTexture) X(SDL_PollEvent)             \
    X(SDL_WaitEventTimeout) X(SDL_PushEvent) X(SDL_GetKeyFromScancode)

struct SdlApi {
#define LSTAR_SDL_POINTER(name) decltype(&::name) name = nullptr;
    LSTAR_SDL_FUNCTIONS(LSTAR_SDL_POINTER)
#undef LSTAR_SDL_POINTER
};

// Loads SDL2 on first use and keeps it loaded (SDL registers handlers that outlive SDL_Quit).
// Throws std::runtime_error with a one-line message when the library or a function is missing.
const SdlApi& sdl() {
    static const SdlApi api = [] {
        void* lib = dlopen(kSdlLibrary, RTLD_NOW | RTLD_LOCAL);
        if (!lib) throw std::runtime_error(std::string("--display=sdl: cannot load ") + kSdlLibrary + ": " + dlerror());
        SdlApi a;
        auto resolve = [lib](auto& fn, const char* name) {
            fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(lib, name));
            if (!fn) throw std::runtime_error(std::string("--display=sdl: ") + kSdlLibrary + " has no " + name);
        };
#define LSTAR_SDL_RESOLVE(name) resolve(a.name, #name);
        LSTAR_SDL_FUNCTIONS(LSTAR_SDL_RESOLVE)
#undef LSTAR_SDL_RESOLVE
        return a;
    }();
    return api;
}

class SdlWindow : public Window {
public:
    SdlWindow(unsigned width, unsigned height) {
        if (sdl_.SDL_Init(SDL_INIT_VIDEO) != 0)
            throw std::runtime_error(std::string("--display=sdl: cannot start SDL: ") + sdl_.SDL_GetError() +
                                     " (headless: set SDL_VIDEODRIVER=offscreen or dummy)");
        window_ = sdl_.SDL_CreateWindow("lstar", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, int(width),
                                   int(height), SDL_WINDOW_RESIZABLE);
        if (window_) renderer_ = sdl_.SDL_CreateRenderer(window_, -1, 0);
        if (!renderer_) {
            const std::string why = sdl_.SDL_GetError();
            close();
            throw std::runtime_error("--display=sdl: cannot open a window: " + why);
        }
        sdl_.SDL_RenderSetLogicalSize(renderer_, int(width), int(height));  // scales when resized
    }
    ~SdlWindow() override { close(); }

    std::vector<WindowEvent> events(int timeout_ms) override {
        std::vector<WindowEvent> out;
        SDL_Event e;
        bool got = timeout_ms > 0 ? sdl_.SDL_WaitEventTimeout(&e, timeout_ms) : sdl_.SDL_PollEvent(&e);
        while (got) {
            translate(e, out);
            got = sdl_.SDL_PollEvent(&e);
        }
        return out;
    }

    void show(const Image& image) override {
        if (!texture_ || int(image.width) != tex_w_ || int(image.height) != tex_h_) {
            if (texture_) sdl_.SDL_DestroyTexture(texture_);
            texture_ = sdl_.SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING,
                                         int(image.width), int(image.height));
            if (!texture_) return;
            tex_w_ = int(image.width), tex_h_ = int(image.height);
            sdl_.SDL_RenderSetLogicalSize(renderer_, tex_w_, tex_h_);
        }
        // RGB888 is 0x00RRGGBB in a 32-bit word, the Image's own layout.
        sdl_.SDL_UpdateTexture(texture_, nullptr, image.pixels.data(), int(image.width * sizeof(uint32_t)));
        sdl_.SDL_RenderClear(renderer_);
        sdl_.SDL_RenderCopy(renderer_, texture_, nullptr, nullptr);
        sdl_.SDL_RenderPresent(renderer_);
    }

    void set_title(const std::string& title) override {
        if (title != title_) sdl_.SDL_SetWindowTitle(window_, (title_ = title).c_str());
    }

    void inject_key(uint8_t usage, bool pressed) override {
        SDL_Event e{};
        e.type = pressed ? SDL_KEYDOWN : SDL_KEYUP;
        e.key.state = pressed ? SDL_PRESSED : SDL_RELEASED;
        e.key.windowID = sdl_.SDL_GetWindowID(window_);
        e.key.keysym.scancode = SDL_Scancode(usage);
        e.key.keysym.sym = sdl_.SDL_GetKeyFromScancode(SDL_Scancode(usage));
        sdl_.SDL_PushEvent(&e);
    }

private:
    static void translate(const SDL_Event& e, std::vector<WindowEvent>& out) {
        switch (e.type) {
        case SDL_QUIT:
            out.push_back({WindowEvent::Kind::QUIT});
            break;
        case SDL_WINDOWEVENT:
            if (e.window.event == SDL_WINDOWEVENT_EXPOSED || e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
                out.push_back({WindowEvent::Kind::EXPOSE});
            break;
        case SDL_KEYDOWN:
        case SDL_KEYUP: {
            // SDL repeats held keys with KEYDOWN events, as the keyboard's typematic repeat does.
            const Uint16 mod = e.key.keysym.mod;  // the modifiers when this key went down or up
            const bool ctrl_alt = (mod & KMOD_CTRL) && (mod & KMOD_ALT);
            const unsigned sc = e.key.keysym.scancode;
            if (sc < 256) out.push_back({WindowEvent::Kind::KEY, uint8_t(sc), e.type == SDL_KEYDOWN, ctrl_alt});
            break;
        }
        default:
            break;
        }
    }

    void close() {
        if (texture_) sdl_.SDL_DestroyTexture(texture_);
        if (renderer_) sdl_.SDL_DestroyRenderer(renderer_);
        if (window_) sdl_.SDL_DestroyWindow(window_);
        texture_ = nullptr, renderer_ = nullptr, window_ = nullptr;
        sdl_.SDL_Quit();
    }

    const SdlApi& sdl_ = sdl();  // first: the constructor needs it
    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
    SDL_Texture* texture_ = nullptr;
    int tex_w_ = 0, tex_h_ = 0;
    std::string title_;
};

}  // namespace

std::unique_ptr<Window> open_sdl_window(unsigned width, unsigned height) {
    return std::make_unique<SdlWindow>(width, height);
}

}  // namespace lstar::display
