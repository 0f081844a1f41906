//go:build !js

package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/edgen-browser/edgen/client"
	"github.com/edgen-browser/edgen/client/edgentest"
)

func ExampleClient_CreateChatCompletion() {
	srv := edgentest.NewServer(edgentest.Config{}) // a fake Edgen; drop WithBaseURL for a real one
	defer srv.Close()
	c := client.New(client.WithBaseURL(srv.URL))

	resp, err := c.CreateChatCompletion(context.Background(), client.ChatCompletionRequest{
		Model:    "default",
		Messages: []client.ChatMessage{client.SystemMessage("Be brief."), client.UserMessage("Hi Edgen")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Choices[0].Message.Content)
	fmt.Println("finish_reason null:", resp.Choices[0].JSON.FinishReason.IsNull())
	// Output:
	// Hello! You said: Hi Edgen
	// finish_reason null: true
}

func ExampleClient_CreateChatCompletionStream() {
	srv := edgentest.NewServer(edgentest.Config{})
	defer srv.Close()
	c := client.New(client.WithBaseURL(srv.URL))

	s, err := c.CreateChatCompletionStream(context.Background(), client.ChatCompletionRequest{
		Model:    "default",
		Messages: []client.ChatMessage{client.UserMessage("Hi Edgen")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	var acc client.ChatCompletionAccumulator
	for s.Next() {
		chunk := s.Current()
		acc.AddChunk(chunk)
		fmt.Printf("%q\n", chunk.Choices[0].Delta.Content)
	}
	if err := s.Err(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(acc.ChatCompletion().Choices[0].Message.Content)
	// Output:
	// "Hello!"
	// " You"
	// " said:"
	// " Hi"
	// " Edgen"
	// Hello! You said: Hi Edgen
}

func ExampleAPIError() {
	srv := edgentest.NewServer(edgentest.Config{})
	defer srv.Close()
	c := client.New(client.WithBaseURL(srv.URL), client.WithMaxRetries(0))

	// The fake answers 500 with Edgen's flat error body when asked to.
	_, err := c.CreateChatCompletion(context.Background(),
		client.ChatCompletionRequest{Model: "default", Messages: []client.ChatMessage{client.UserMessage("hi")}},
		client.WithHeader(edgentest.HeaderFaults, "status=500;error-body=edgen"))

	var ise *client.InternalServerError
	var apiErr *client.APIError
	fmt.Println(errors.As(err, &ise), errors.As(err, &apiErr))
	fmt.Println(apiErr.StatusCode, apiErr.Code)
	// Output:
	// true true
	// 500 no_such_model
}

func ExampleClient_RetrieveModel() {
	srv := edgentest.NewServer(edgentest.Config{})
	defer srv.Close()
	c := client.New(client.WithBaseURL(srv.URL))

	var raw client.Response
	m, err := c.RetrieveModel(context.Background(), "TheBloke/neural-chat-7B-v3-3-GGUF", client.WithResponseInto(&raw))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.ID, m.OwnedBy, raw.StatusCode)
	fmt.Println(srv.Fake.Requests("")[0].Path)
	// Output:
	// TheBloke/neural-chat-7B-v3-3-GGUF TheBloke 200
	// /models/TheBloke%2Fneural-chat-7B-v3-3-GGUF
}

func ExampleOpenStream() {
	srv := edgentest.NewServer(edgentest.Config{})
	defer srv.Close()
	c := client.New(client.WithBaseURL(srv.URL))

	// Raw JSON in, raw JSON chunks out: nothing is decoded twice.
	body := json.RawMessage(`{"model":"default","messages":[{"role":"user","content":"Hi"}],"stream":true}`)
	s, err := client.OpenStream[json.RawMessage](context.Background(), c, "POST", "chat/completions", body)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	n := 0
	for s.Next() {
		n++
	}
	fmt.Println(n, "chunks", s.Err())
	// Output:
	// 4 chunks <nil>
}

// A reasoning model's thoughts, whatever the server called them: here in
// <think> tags, the opening one left out by a model whose chat template
// wrote it.
func ExampleChatCompletionMessage_SplitReasoning() {
	msg := client.ChatCompletionMessage{Role: client.RoleAssistant, Content: "The user greets me.</think>\n\nHello!"}
	r := msg.SplitReasoning()
	fmt.Printf("%q\n%q\n", r.Reasoning, r.Content)
	// Output:
	// "The user greets me."
	// "Hello!"
}

// The splitter reads <think> tags as the content streams, tags cut across
// chunks included.
func ExampleReasoningSplitter() {
	var s client.ReasoningSplitter
	for _, delta := range []string{"<thi", "nk>Two and two.</th", "ink>\n4"} {
		for _, p := range s.Write(delta) {
			fmt.Printf("%s %q\n", p.Kind, p.Text)
		}
	}
	for _, p := range s.Flush() {
		fmt.Printf("%s %q\n", p.Kind, p.Text)
	}
	// Output:
	// reasoning "Two and two."
	// content "4"
}
