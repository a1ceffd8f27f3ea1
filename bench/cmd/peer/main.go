// Command peer drives fakelambda and moto_server with the same aws-sdk-go-v2
// client loop and prints calls per second for each and their ratio. It
// expects both servers to be running already; bench/moto.sh starts them.
//
//	go run ./bench/cmd/peer -fake http://127.0.0.1:9001 -moto http://127.0.0.1:5000 -duration 3s
package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

const fn = "peer-bench"

func main() {
	fakeURL := flag.String("fake", "", "fakelambda endpoint URL")
	motoURL := flag.String("moto", "", "moto_server endpoint URL")
	d := flag.Duration("duration", 3*time.Second, "how long to run each operation on each server")
	flag.Parse()
	if *fakeURL == "" || *motoURL == "" {
		flag.Usage()
		os.Exit(2)
	}
	ctx := context.Background()
	creds := aws.Credentials{AccessKeyID: "AKIDPEER", SecretAccessKey: "peer-secret"}
	tr := &http.Transport{MaxIdleConnsPerHost: 4}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	client := func(endpoint string) *lambda.Client {
		return lambda.NewFromConfig(aws.Config{
			Region:      "us-east-1",
			Credentials: credentials.StaticCredentialsProvider{Value: creds},
			Retryer:     func() aws.Retryer { return aws.NopRetryer{} },
			HTTPClient:  hc,
		}, func(o *lambda.Options) { o.BaseEndpoint = aws.String(endpoint) })
	}

	role, err := motoRole(ctx, hc, *motoURL, creds)
	check("create the IAM role on moto", err)
	servers := []struct {
		name string
		c    *lambda.Client
		role string
	}{
		{"fakelambda", client(*fakeURL), "arn:aws:iam::123456789012:role/peer-bench"},
		{"moto", client(*motoURL), role},
	}
	for _, s := range servers {
		setup(ctx, s.c, s.role)
	}
	ops := []struct {
		name string
		call func(*lambda.Client) error
	}{
		{"GetFunction", func(c *lambda.Client) error {
			_, err := c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(fn)})
			return err
		}},
		{"ListVersionsByFunction", func(c *lambda.Client) error {
			_, err := c.ListVersionsByFunction(ctx, &lambda.ListVersionsByFunctionInput{FunctionName: aws.String(fn)})
			return err
		}},
		{"PutFunctionConcurrency", func(c *lambda.Client) error {
			_, err := c.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String(fn),
				ReservedConcurrentExecutions: aws.Int32(10)})
			return err
		}},
		{"GetFunctionConcurrency", func(c *lambda.Client) error {
			_, err := c.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String(fn)})
			return err
		}},
	}
	fmt.Printf("%-24s %14s %14s %10s   (%s per operation per server, one client, sequential calls)\n",
		"operation", "fakelambda/s", "moto/s", "ratio", *d)
	for _, op := range ops {
		var rates []float64
		for _, s := range servers {
			check(s.name+" "+op.name, op.call(s.c)) // warm up, and fail loudly on an error
			n := 0
			start := time.Now()
			for time.Since(start) < *d {
				check(s.name+" "+op.name, op.call(s.c))
				n++
			}
			rates = append(rates, float64(n)/time.Since(start).Seconds())
		}
		fmt.Printf("%-24s %14.0f %14.0f %9.1fx\n", op.name, rates[0], rates[1], rates[0]/rates[1])
	}
}

// setup creates the function with two published versions.
func setup(ctx context.Context, c *lambda.Client, role string) {
	_, err := c.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String(fn), Role: aws.String(role), Runtime: types.RuntimePython312,
		Handler: aws.String("index.handler"), Code: &types.FunctionCode{ZipFile: zipFile()},
	})
	check("CreateFunction", err)
	for i := 0; i < 2; i++ {
		_, err = c.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String(fn), Description: aws.String(fmt.Sprint("v", i))})
		check("UpdateFunctionConfiguration", err)
		_, err = c.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String(fn)})
		check("PublishVersion", err)
	}
}

func zipFile() []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create("index.py")
	_, _ = w.Write([]byte("def handler(event, context):\n    return event\n"))
	_ = z.Close()
	return b.Bytes()
}

// motoRole creates an IAM role on moto (its CreateFunction checks that the
// role exists) with a signed Query-protocol request, and returns its ARN.
func motoRole(ctx context.Context, hc *http.Client, endpoint string, creds aws.Credentials) (string, error) {
	form := url.Values{"Action": {"CreateRole"}, "Version": {"2010-05-08"}, "RoleName": {"peer-bench"},
		"AssumeRolePolicyDocument": {`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`}}
	body := form.Encode()
	req, err := http.NewRequestWithContext(ctx, "POST", endpoint+"/", strings.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	sum := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "iam", "us-east-1", time.Now()); err != nil {
		return "", err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return "", fmt.Errorf("%d %s", resp.StatusCode, b)
	}
	_, rest, ok := strings.Cut(string(b), "<Arn>")
	arn, _, ok2 := strings.Cut(rest, "</Arn>")
	if !ok || !ok2 {
		return "", fmt.Errorf("no Arn in %s", b)
	}
	return arn, nil
}

func check(what string, err error) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "peer: %s: %v\n", what, err)
		os.Exit(1)
	}
}
